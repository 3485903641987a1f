import type { MeshView } from './mesh-view.js';
import { buildProxylessSnapshot, type ProxylessOptions } from './grpc-proxyless-generator.js';
import { proxyInputHash } from './proxy-input-hash.js';
import { buildProxySnapshot } from './proxy-resources-generator.js';
import { SharedResourceCache } from './shared-resource-cache.js';
import type { XdsProxy } from './xds-proxy.js';
import type { XdsSnapshot } from '../snapshot/xds-snapshot.js';
import type { GeneratedResource } from '../snapshot/generated-resource.js';
import { encodeResource } from '../snapshot/snapshot-builder.js';

/** The outcome of {@link ProxySnapshotGenerator.generate}. */
export interface ProxySnapshotResult {
  readonly snapshot: XdsSnapshot;
  /** {@link proxyInputHash} of the proxy in the view it was generated from. */
  readonly inputHash: string;
  /** False when the inputs were unchanged and `snapshot` is the very object returned last time. */
  readonly regenerated: boolean;
}

/**
 * The xDS server's one handle on generation: per-proxy snapshots from successive views, with
 * resources shared across proxies (one {@link SharedResourceCache}) and a proxy regenerated only
 * when its {@link proxyInputHash} changed. Holds the last snapshot per proxy id until `forget`.
 * Synchronous and pure apart from those memos; errors (`GeneratorError` naming the failing
 * generator, proxy and inbound, or `SnapshotInconsistentError`) propagate and leave the last good
 * snapshot in place.
 */
export class ProxySnapshotGenerator {
  private readonly cache: SharedResourceCache;
  private readonly last = new Map<string, { readonly inputHash: string; readonly snapshot: XdsSnapshot }>();

  constructor(cache: SharedResourceCache = new SharedResourceCache()) {
    this.cache = cache;
  }

  /** `secrets`: the proxy's SDS Secrets (its identity and mesh CA) when its mesh has mTLS; part of its inputs. */
  generate(view: MeshView, proxy: XdsProxy, secrets: readonly GeneratedResource[] = []): ProxySnapshotResult {
    const ctx = this.cache.contextFor(view);
    const secretVersions = secrets.map((secret) => `${secret.name}=${encodeResource(secret).version}`).join(',');
    const inputHash = secrets.length === 0 ? proxyInputHash(ctx, proxy) : `${proxyInputHash(ctx, proxy)}|${secretVersions}`;
    const last = this.last.get(proxy.id);
    if (last && last.inputHash === inputHash) return { snapshot: last.snapshot, inputHash, regenerated: false };
    const snapshot = buildProxySnapshot(ctx, proxy, secrets);
    this.last.set(proxy.id, { inputHash, snapshot });
    return { snapshot, inputHash, regenerated: true };
  }

  /**
   * The snapshot for a proxyless gRPC client of `mesh` that subscribed to `listenerNames` (see
   * `generateProxylessResources`). Not remembered per client: it is cheap, shared resources aside.
   */
  generateProxyless(view: MeshView, mesh: string, listenerNames: Iterable<string>, options: ProxylessOptions = {}): XdsSnapshot {
    return buildProxylessSnapshot(this.cache.contextFor(view), mesh, listenerNames, options);
  }

  /** Drops what is remembered about a proxy (its stream closed). */
  forget(proxyId: string): void {
    this.last.delete(proxyId);
  }
}
