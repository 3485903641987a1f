import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { dataplaneTagSets, isMeshMtlsEnabled, parseProxyId, type Dataplane } from '@kumiko/api';
import {
  AdsServer,
  ProxySnapshotGenerator,
  SnapshotCache,
  TypeUrls,
  findProxy,
  meshSecretResources,
  PROXYLESS_IDENTITY_METADATA,
  PROXYLESS_IDENTITY_PROVIDER,
  type AdsAuthenticator,
  type AdsCallbacks,
  type GeneratedResource,
  type XdsProxy,
  type MeshView,
  type MissingResourcesRequest,
  type ResourceProvider,
} from '@kumiko/xds';
import type { ProxyIdentities, ProxyIdentity } from '../identity/proxy-identities.js';
import { snapshotWithSecrets } from './snapshot-with-secrets.js';

/** Where the service reads MeshViews (a {@link ZoneMeshViewBuilder}). */
export interface MeshViewSource {
  current(): MeshView;
  onView(listener: (view: MeshView) => void): () => void;
}

export interface ZoneXdsServiceOptions {
  /** Default: silent. */
  readonly logger?: Logger;
  /**
   * Observers of the ADS streams (proxy lifecycle, insights), each event handed to them in this
   * order after the service's own bookkeeping; same contract as the ADS server's callbacks (cheap,
   * never throw). Default: none.
   */
  readonly observers?: readonly AdsCallbacks[];
  /**
   * Issues proxies' identity certificates. With it, a Dataplane of an mTLS mesh gets its SDS Secrets
   * (`identity_cert:secret:<mesh>`, `mesh_ca:secret:<mesh>`) in its snapshot, re-issued when Kuma's rules say.
   * Default: none (no Secrets are served).
   */
  readonly identities?: ProxyIdentities;
  /** Admits or refuses each ADS stream before it is served (the DP server's authentication). Default: all admitted. */
  readonly authenticate?: AdsAuthenticator;
  /** Told of every certificate a connected proxy is given (DataplaneInsight's `mTLS`). Cheap; never throws. */
  readonly onIdentityIssued?: (nodeId: string, identity: ProxyIdentity) => void;
}

/** What a node is served of its identity: the certificate, and the Secrets made of it. */
interface ServedIdentity {
  readonly identity: ProxyIdentity;
  readonly secrets: readonly GeneratedResource[];
}

export interface ZoneXdsListen {
  /** Default: `0.0.0.0`. */
  readonly host?: string;
  /** `KUMA_DP_SERVER_PORT`; 0 picks a free port. Default: 5678. */
  readonly port?: number;
}

/**
 * The zone's xDS server: one ADS server over one per-node {@link SnapshotCache}, fed from the
 * zone's MeshViews. A connected node whose id names a proxy of the view (`<mesh>.<name>` for a
 * Dataplane, `.<name>` for a ZoneIngress / ZoneEgress) gets that proxy's snapshot; a node that asks
 * for Listeners by name (proxyless gRPC, `xds:///<service>`) gets the proxyless snapshot of the
 * names it asked for. On every new view each connected node is regenerated; the generator returns
 * the same snapshot for unchanged inputs, so only proxies whose inputs moved see a push. What is
 * remembered about a node is dropped when its last stream closes.
 */
export class ZoneXdsService {
  readonly cache = new SnapshotCache();
  private readonly views: MeshViewSource;
  private readonly logger: Logger;
  private readonly generator = new ProxySnapshotGenerator();
  private readonly ads: AdsServer;
  /** nodeId → open streams. */
  private readonly streams = new Map<string, number>();
  /** nodeId → Listener names a proxyless client asked for. */
  private readonly proxyless = new Map<string, Set<string>>();
  /** Nodes whose bootstrap has the mesh identity's certificate provider (they said so in their metadata). */
  private readonly holdsIdentity = new Set<string>();
  private readonly identities: ProxyIdentities | undefined;
  private readonly onIdentityIssued: ((nodeId: string, identity: ProxyIdentity) => void) | undefined;
  /** nodeId → the identity in its current snapshot. */
  private readonly served = new Map<string, ServedIdentity>();
  /** nodeId → the issuance it waits for (one wait per issuance, however many views publish the node meanwhile). */
  private readonly awaiting = new Map<string, Promise<ProxyIdentity>>();
  /** nodeId → when its certificate is renewed. */
  private readonly renewals = new Map<string, NodeJS.Timeout>();
  private unsubscribe: (() => void) | undefined;
  private _port: number | undefined;

  constructor(views: MeshViewSource, options: ZoneXdsServiceOptions = {}) {
    this.views = views;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.identities = options.identities;
    this.onIdentityIssued = options.onIdentityIssued;
    const resourceProvider: ResourceProvider = { provideMissing: (request) => this.provideMissing(request) };
    this.ads = new AdsServer({
      cache: this.cache,
      logger: this.logger,
      resourceProvider,
      ...(options.authenticate === undefined ? {} : { authenticate: options.authenticate }),
      callbacks: chainCallbacks([
        {
          streamOpened: ({ nodeId, node }) => {
            if (node.metadata?.[PROXYLESS_IDENTITY_METADATA] === PROXYLESS_IDENTITY_PROVIDER) this.holdsIdentity.add(nodeId);
            this.opened(nodeId);
          },
          streamClosed: ({ nodeId }) => this.closed(nodeId),
        },
        ...(options.observers ?? []),
      ]),
    });
  }

  /** Listens for ADS streams; resolves to the bound port. */
  async start(listen: ZoneXdsListen = {}): Promise<number> {
    const host = listen.host ?? '0.0.0.0';
    const port = listen.port ?? 5678;
    this.followViews();
    const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    this._port = await this.ads.start(address);
    this.logger.info({ host, port: this._port }, 'xDS server listening');
    return this._port;
  }

  /**
   * Serves ADS on connections accepted by a server that shares its port with HTTP/1.1 (the zone's
   * DP server); returns where to hand them. Use instead of {@link start}.
   */
  attach(): (connection: Duplex) => void {
    this.followViews();
    return this.ads.startInjected();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const timer of this.renewals.values()) clearTimeout(timer);
    this.renewals.clear();
    await this.ads.stop();
  }

  /** The bound port; `undefined` before `start()`. */
  get port(): number | undefined {
    return this._port;
  }

  /** Node ids with an open stream. */
  connectedNodes(): string[] {
    return [...this.streams.keys()];
  }

  private followViews(): void {
    this.unsubscribe ??= this.views.onView((view) => this.regenerateAll(view));
  }

  private opened(nodeId: string): void {
    this.streams.set(nodeId, (this.streams.get(nodeId) ?? 0) + 1);
    this.publish(this.views.current(), nodeId);
  }

  private closed(nodeId: string): void {
    const open = (this.streams.get(nodeId) ?? 1) - 1;
    if (open > 0) {
      this.streams.set(nodeId, open);
      return;
    }
    this.streams.delete(nodeId);
    this.proxyless.delete(nodeId);
    this.holdsIdentity.delete(nodeId);
    this.generator.forget(nodeId);
    this.dropIdentity(nodeId);
  }

  private provideMissing({ nodeId, typeUrl, names }: MissingResourcesRequest): void {
    if (typeUrl !== TypeUrls.Listener || names.length === 0) return;
    const known = this.proxyless.get(nodeId) ?? new Set<string>();
    for (const name of names) known.add(name);
    this.proxyless.set(nodeId, known);
    this.publish(this.views.current(), nodeId);
  }

  private regenerateAll(view: MeshView): void {
    for (const nodeId of this.streams.keys()) this.publish(view, nodeId);
  }

  /** Sets the node's snapshot from `view`; a failed generation keeps the node's last snapshot. */
  private publish(view: MeshView, nodeId: string): void {
    try {
      const names = this.proxyless.get(nodeId);
      if (names !== undefined) {
        const mesh = parseProxyId(nodeId).mesh;
        const snapshot = this.generator.generateProxyless(view, mesh, names, { meshIdentity: this.holdsIdentity.has(nodeId) });
        // A proxyless app beside `kumiko-dp run --proxyless` shares its node with the agent's own stream, which asks
        // for the Dataplane's SDS Secrets to write the app's certificate files: they ride along (gRPC never asks).
        const proxy = findProxy(view, nodeId);
        this.cache.set(nodeId, snapshotWithSecrets(snapshot, proxy === undefined ? [] : this.secretsOf(view, nodeId, proxy)));
        return;
      }
      const proxy = findProxy(view, nodeId);
      if (proxy === undefined) return;
      const { snapshot, regenerated } = this.generator.generate(view, proxy, this.secretsOf(view, nodeId, proxy));
      if (regenerated || this.cache.get(nodeId) !== snapshot) this.cache.set(nodeId, snapshot);
    } catch (error) {
      this.logger.warn({ err: error, nodeId }, 'snapshot not generated; the node keeps its last one');
    }
  }

  /**
   * The node's SDS Secrets for this view: those of the identity it was last given, while a (re)issue, if one is due,
   * runs in the background and publishes the node again when it lands. A proxy outside an mTLS mesh has none (and
   * its certificate is dropped, as Kuma drops it when mTLS is turned off).
   */
  private secretsOf(view: MeshView, nodeId: string, proxy: XdsProxy): readonly GeneratedResource[] {
    if (this.identities === undefined || proxy.type !== 'Dataplane') return [];
    const mesh = view.meshes.get(proxy.mesh);
    if (mesh === undefined || !isMeshMtlsEnabled(mesh)) {
      this.dropIdentity(nodeId);
      return [];
    }
    const request = { proxy: nodeId, mesh, tagSets: tagSetsOf(proxy.dataplane) };
    const served = this.served.get(nodeId);
    // the common case on a new view: nothing the certificate depends on moved, and the node has it
    if (served !== undefined && this.identities.currentIdentityOf(request) === served.identity) return served.secrets;
    const issuing = this.identities.identityOf(request);
    if (this.awaiting.get(nodeId) !== issuing) {
      this.awaiting.set(nodeId, issuing);
      issuing
        .then(
          (identity) => this.identityReady(nodeId, identity),
          (error: unknown) => this.logger.warn({ err: error, nodeId }, 'identity certificate not issued'),
        )
        .finally(() => {
          if (this.awaiting.get(nodeId) === issuing) this.awaiting.delete(nodeId);
        });
    }
    return served?.secrets ?? [];
  }

  private identityReady(nodeId: string, identity: ProxyIdentity): void {
    if (!this.streams.has(nodeId) || this.served.get(nodeId)?.identity === identity) return;
    const { certificate } = identity;
    const secrets = meshSecretResources({
      mesh: identity.mesh,
      certPem: certificate.certPem,
      keyPem: certificate.keyPem,
      caPem: identity.caPem,
    });
    this.served.set(nodeId, { identity, secrets });
    this.scheduleRenewal(nodeId);
    this.onIdentityIssued?.(nodeId, identity);
    this.publish(this.views.current(), nodeId);
  }

  /** Publishes the node again when its certificate is due (4/5 of its life), which re-issues it. */
  private scheduleRenewal(nodeId: string): void {
    clearTimeout(this.renewals.get(nodeId));
    const at = this.identities?.renewalTime(nodeId);
    if (at === undefined) return;
    // a little past the due time, so that the issuer sees it as due; timers cap at about 24.8 days
    const delay = Math.min(Math.max(0, at.getTime() - Date.now()) + 1_000, 2_000_000_000);
    const timer = setTimeout(() => {
      this.renewals.delete(nodeId);
      if (this.streams.has(nodeId)) this.publish(this.views.current(), nodeId);
    }, delay);
    timer.unref();
    this.renewals.set(nodeId, timer);
  }

  private dropIdentity(nodeId: string): void {
    clearTimeout(this.renewals.get(nodeId));
    this.renewals.delete(nodeId);
    this.served.delete(nodeId);
    this.identities?.forget(nodeId);
  }
}

/** A Dataplane's tag sets, kept per Dataplane object: an unchanged one hands the identities the same array again. */
const tagSetsByDataplane = new WeakMap<Dataplane, ReturnType<typeof dataplaneTagSets>>();

function tagSetsOf(dataplane: Dataplane): ReturnType<typeof dataplaneTagSets> {
  let tagSets = tagSetsByDataplane.get(dataplane);
  if (tagSets === undefined) tagSetsByDataplane.set(dataplane, (tagSets = dataplaneTagSets(dataplane)));
  return tagSets;
}

/** One set of callbacks that hands each event to every member of `chain`, in order. */
function chainCallbacks(chain: readonly AdsCallbacks[]): AdsCallbacks {
  return {
    streamOpened: (event) => chain.forEach((callbacks) => callbacks.streamOpened?.(event)),
    streamClosed: (event) => chain.forEach((callbacks) => callbacks.streamClosed?.(event)),
    responseSent: (event) => chain.forEach((callbacks) => callbacks.responseSent?.(event)),
    ackReceived: (event) => chain.forEach((callbacks) => callbacks.ackReceived?.(event)),
    nackReceived: (event) => chain.forEach((callbacks) => callbacks.nackReceived?.(event)),
  };
}
