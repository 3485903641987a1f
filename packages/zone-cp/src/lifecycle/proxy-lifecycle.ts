import type { Logger } from 'pino';
import { injectZoneTag, parseProxyId, ResourceTooLargeError, type Dataplane, type ZoneEgress, type ZoneIngress } from '@kumiko/api';
import { retryUntilDone } from '@kumiko/bus';
import { SubjectKinds } from '@kumiko/events';
import type { AdsCallbacks } from '@kumiko/xds';
import type { ZoneResourceStore } from '../zone-resource-store.js';

/** A resource a proxy brings in its Envoy node metadata (`dataplane.resource`). */
export type ProxyResource = Dataplane | ZoneIngress | ZoneEgress;

/** What the lifecycle needs of the zone's store. */
export type LifecycleStore = Pick<ZoneResourceStore, 'get' | 'upsert' | 'delete' | 'registeredBy'>;

type NodeOf<C> = C extends { readonly streamOpened?: (event: infer E) => void }
  ? E extends { readonly node: infer N }
    ? N
    : never
  : never;
/** The Envoy node of an ADS stream, as the ADS server reports it. */
export type AdsNode = NodeOf<AdsCallbacks>;

export interface ProxyLifecycleOptions {
  /** The zone's name, injected as `kuma.io/zone` before comparing with what is stored. */
  readonly zone: string;
  /** `KUMA_XDS_DATAPLANE_DEREGISTRATION_DELAY`: how long after its last stream closed a proxy is deleted. */
  readonly deregistrationDelayMs: number;
  /** Reads and validates the resource from the node metadata; `undefined` when it has none or it is invalid. */
  readonly readResource: (node: AdsNode) => ProxyResource | undefined;
  /** Whether the proxy is connected to another instance of this zone's CP (then it is not deleted). Default: never. */
  readonly connectedElsewhere?: (nodeId: string) => boolean;
  readonly logger: Logger;
}

interface Registration {
  readonly resource: ProxyResource;
  open: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Kuma's "direct lifecycle" of universal proxies: a proxy that connects to ADS with its resource in
 * the node metadata (put there by `/bootstrap`) is created or updated in the zone's store — only
 * when it differs from what is stored, so reconnects publish nothing — and is deleted
 * `deregistrationDelayMs` after its last stream closed, unless it reconnected meanwhile (here or,
 * per `connectedElsewhere`, to another instance). It writes only what it registered itself (the store keeps
 * that as the event's `registeredBy`, across restarts) or what does not exist yet: a proxy a user registered over
 * REST is never changed or deleted by a connection that brings another version of it, and a user's PUT of a
 * registered proxy makes it the user's. `stop()` cancels pending deletions: a CP shutting down deregisters nothing.
 */
export class ProxyLifecycle {
  private readonly options: ProxyLifecycleOptions;
  private readonly store: LifecycleStore;
  private readonly registrations = new Map<string, Registration>();
  private readonly abort = new AbortController();

  constructor(store: LifecycleStore, options: ProxyLifecycleOptions) {
    this.store = store;
    this.options = options;
  }

  /** ADS callbacks to hand to the xDS server. */
  observers(): AdsCallbacks {
    return {
      streamOpened: ({ nodeId, node }) => this.opened(nodeId, node),
      streamClosed: ({ nodeId }) => this.closed(nodeId),
    };
  }

  /** Node ids registered through their metadata, with a stream open or a deletion pending. */
  registered(): string[] {
    return [...this.registrations.keys()];
  }

  stop(): void {
    this.abort.abort();
    for (const registration of this.registrations.values()) clearTimeout(registration.timer);
    this.registrations.clear();
  }

  private opened(nodeId: string, node: AdsNode): void {
    if (this.abort.signal.aborted) return;
    const existing = this.registrations.get(nodeId);
    if (existing !== undefined) clearTimeout(existing.timer);
    const resource = this.readResource(nodeId, node);
    if (resource === undefined) {
      if (existing !== undefined) existing.open++;
      return;
    }
    this.registrations.set(nodeId, { resource, open: (existing?.open ?? 0) + 1, timer: undefined });
    void this.retrying(`register ${nodeId}`, () => this.upsertIfChanged(resource));
  }

  private closed(nodeId: string): void {
    const registration = this.registrations.get(nodeId);
    if (registration === undefined || this.abort.signal.aborted) return;
    registration.open = Math.max(0, registration.open - 1);
    if (registration.open > 0) return;
    registration.timer = setTimeout(() => this.deregister(nodeId, registration), this.options.deregistrationDelayMs);
  }

  private deregister(nodeId: string, registration: Registration): void {
    if (this.registrations.get(nodeId) !== registration || registration.open > 0) return;
    this.registrations.delete(nodeId);
    if (this.options.connectedElsewhere?.(nodeId) === true) {
      this.options.logger.info({ nodeId }, 'proxy reconnected to another control plane instance; kept');
      return;
    }
    const { resource } = registration;
    const mesh = resource.type === 'Dataplane' ? resource.mesh : undefined;
    void this.retrying(`deregister ${nodeId}`, async () => {
      const deleted = await this.store.delete(SubjectKinds[resource.type], mesh, resource.name, { onlyIfRegisteredBy: 'lifecycle' });
      if (deleted) this.options.logger.info({ nodeId, type: resource.type }, 'proxy deregistered after the deregistration delay');
    });
  }

  private readResource(nodeId: string, node: AdsNode): ProxyResource | undefined {
    const resource = this.options.readResource(node);
    if (resource === undefined) return undefined;
    const id = parseProxyId(nodeId);
    const mesh = resource.type === 'Dataplane' ? resource.mesh : '';
    if (id.mesh !== mesh || id.name !== resource.name) {
      this.options.logger.warn(
        { nodeId, type: resource.type, name: resource.name },
        'node id does not name the resource in its metadata; not registered',
      );
      return undefined;
    }
    return resource;
  }

  private async upsertIfChanged(resource: ProxyResource): Promise<void> {
    const key = { kind: SubjectKinds[resource.type], mesh: resource.type === 'Dataplane' ? resource.mesh : undefined, name: resource.name };
    const stored = this.store.get(key);
    if (stored !== undefined && this.store.registeredBy(key) !== 'lifecycle') {
      this.options.logger.info(
        { type: resource.type, name: resource.name, mesh: key.mesh },
        'proxy registered by a user (REST); its connection does not change it',
      );
      return;
    }
    // `replacing`: a user's write landing meanwhile makes this one fail, and the retry sees the user's.
    const options = { registeredBy: 'lifecycle', ...(stored === undefined ? {} : { replacing: stored }) } as const;
    switch (resource.type) {
      case 'Dataplane': {
        const wanted = injectZoneTag(resource, this.options.zone);
        if (stored === undefined || !sameSpec(stored, wanted)) await this.store.upsert(wanted, options);
        return;
      }
      case 'ZoneIngress':
        // availableServices are the CP's to compute: compare without them, keep the stored ones.
        if (
          stored?.type !== 'ZoneIngress' ||
          !sameSpec({ ...stored, availableServices: [] }, { ...resource, zone: '', availableServices: [] })
        ) {
          await this.store.upsert(
            { ...resource, availableServices: stored?.type === 'ZoneIngress' ? stored.availableServices : resource.availableServices },
            options,
          );
        }
        return;
      case 'ZoneEgress':
        if (stored === undefined || !sameSpec(stored, { ...resource, zone: '' })) await this.store.upsert(resource, options);
        return;
    }
  }

  /**
   * Retries (re-reading the store each time, so a concurrent write is reconsidered) until done or stopped. A
   * resource too large to publish never will be: it is logged once and given up, not retried.
   */
  private async retrying(what: string, step: () => Promise<void>): Promise<void> {
    const once = async (): Promise<void> => {
      try {
        await step();
      } catch (error) {
        if (!(error instanceof ResourceTooLargeError)) throw error;
        this.options.logger.warn({ err: error }, `${what} refused; not retried`);
      }
    };
    await retryUntilDone(what, once, { signal: this.abort.signal, logger: this.options.logger, initialMs: 100, maxMs: 5_000 }).catch(
      () => undefined,
    );
  }
}

/** Same resource apart from bookkeeping times. */
function sameSpec(a: object, b: object): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: object): string {
  return JSON.stringify(value, (key, inner: unknown) => {
    if (key === 'creationTime' || key === 'modificationTime') return undefined;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  });
}
