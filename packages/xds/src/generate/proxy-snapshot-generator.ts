import type { MeshView } from './mesh-view.js';
import { buildProxylessSnapshot, type ProxylessOptions } from './grpc-proxyless-generator.js';
import { proxyInputHash } from './proxy-input-hash.js';
import { buildProxySnapshot } from './proxy-resources-generator.js';
import { SharedResourceCache } from './shared-resource-cache.js';
import type { XdsProxy } from './xds-proxy.js';
import { TypeUrls, type XdsSnapshot } from '../snapshot/xds-snapshot.js';
import type { GeneratedResource } from '../snapshot/generated-resource.js';
import { buildSnapshot, encodeResource } from '../snapshot/snapshot-builder.js';

/** The outcome of {@link ProxySnapshotGenerator.generate}. */
export interface ProxySnapshotResult {
  readonly snapshot: XdsSnapshot;
  /** {@link proxyInputHash} of the proxy in the view it was generated from. */
  readonly inputHash: string;
  /** False when the inputs were unchanged and `snapshot` is the very object returned last time. */
  readonly regenerated: boolean;
}

/** What is remembered of a proxy's last generation. */
interface LastGeneration {
  /** The view and proxy it was generated from (a view is immutable: the same objects, the same resources). */
  readonly view: MeshView;
  readonly proxy: XdsProxy;
  readonly inputHash: string;
  /** The Secrets it was given, and their `name=version`s in their order (empty for none). */
  readonly secrets: readonly GeneratedResource[];
  readonly secretVersions: string;
  /** The names of those Secrets, when they are exactly the snapshot's Secrets (nothing generated shares the type). */
  readonly ownSecretNames: string | undefined;
  readonly snapshot: XdsSnapshot;
}

/**
 * The xDS server's one handle on generation: per-proxy snapshots from successive views, with
 * resources shared across proxies (one {@link SharedResourceCache}) and a proxy regenerated only
 * when its {@link proxyInputHash} changed. Holds the last snapshot per proxy id until `forget`. Generating again
 * from the view and proxy of the last generation skips the hash; when only the Secrets differ then (a certificate
 * issued or renewed, the mesh's CA changed), they are swapped into the last snapshot, the rest of it kept as is.
 * Synchronous and pure apart from those memos; errors (`GeneratorError` naming the failing
 * generator, proxy and inbound, or `SnapshotInconsistentError`) propagate and leave the last good
 * snapshot in place.
 */
export class ProxySnapshotGenerator {
  private readonly cache: SharedResourceCache;
  private readonly last = new Map<string, LastGeneration>();

  constructor(cache: SharedResourceCache = new SharedResourceCache()) {
    this.cache = cache;
  }

  /** `secrets`: the proxy's SDS Secrets (its identity and mesh CA) when its mesh has mTLS; part of its inputs. */
  generate(view: MeshView, proxy: XdsProxy, secrets: readonly GeneratedResource[] = []): ProxySnapshotResult {
    const last = this.last.get(proxy.id);
    // a node whose Secrets did not change is handed the very same array again: no need to look into it
    const secretVersions = last !== undefined && last.secrets === secrets ? last.secretVersions : secretVersionsOf(secrets);
    if (last !== undefined && last.view === view && last.proxy === proxy) {
      if (last.secretVersions === secretVersions) return { snapshot: last.snapshot, inputHash: last.inputHash, regenerated: false };
      if (last.ownSecretNames !== undefined && last.ownSecretNames === sortedNamesOf(secrets.map((secret) => secret.name))) {
        const snapshot = withSecretsReplaced(last.snapshot, secrets);
        const inputHash = withSecretVersions(baseHashOf(last), secretVersions);
        this.last.set(proxy.id, { ...last, inputHash, secrets, secretVersions, snapshot });
        return { snapshot, inputHash, regenerated: true };
      }
    }
    const ctx = this.cache.contextFor(view);
    const inputHash = withSecretVersions(proxyInputHash(ctx, proxy), secretVersions);
    if (last && last.inputHash === inputHash) {
      this.last.set(proxy.id, { ...last, view, proxy, secrets });
      return { snapshot: last.snapshot, inputHash, regenerated: false };
    }
    const snapshot = buildProxySnapshot(ctx, proxy, secrets);
    const names = sortedNamesOf(secrets.map((secret) => secret.name));
    const held = sortedNamesOf(snapshot.resources.get(TypeUrls.Secret)?.keys() ?? []);
    this.last.set(proxy.id, {
      view,
      proxy,
      inputHash,
      secrets,
      secretVersions,
      ownSecretNames: held === names ? names : undefined,
      snapshot,
    });
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

/** `name=version` of each Secret, in their order; empty for none. */
function secretVersionsOf(secrets: readonly GeneratedResource[]): string {
  return secrets.map((secret) => `${secret.name}=${encodeResource(secret).version}`).join(',');
}

/** The names, sorted, one a line. */
function sortedNamesOf(names: Iterable<string>): string {
  return [...names].sort().join('\n');
}

/** The {@link proxyInputHash} a proxy's input hash was made of, without its Secrets' part. */
function withSecretVersions(baseHash: string, secretVersions: string): string {
  return secretVersions === '' ? baseHash : `${baseHash}|${secretVersions}`;
}

function baseHashOf(last: LastGeneration): string {
  return last.secretVersions === '' ? last.inputHash : last.inputHash.slice(0, last.inputHash.length - last.secretVersions.length - 1);
}

/** `snapshot` with its Secrets (all of them the proxy's own) replaced by `secrets`, of the same names. */
function withSecretsReplaced(snapshot: XdsSnapshot, secrets: readonly GeneratedResource[]): XdsSnapshot {
  const replaced = buildSnapshot(secrets);
  const resources = new Map(snapshot.resources);
  const versions = new Map(snapshot.versions);
  for (const [typeUrl, named] of replaced.resources) resources.set(typeUrl, named);
  for (const [typeUrl, version] of replaced.versions) versions.set(typeUrl, version);
  return { resources, versions };
}
