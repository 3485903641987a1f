import type { Logger } from 'pino';
import { pino } from 'pino';
import { SubjectKinds } from '@kumiko/events';
import { createMeshView, type MeshView } from '@kumiko/xds';
import type { ZoneStoreChange } from '../zone-resource-store.js';
import type { GlobalStateSource, ZoneStateSource } from './zone-state-sources.js';
import { issuedBackendOf, zoneServiceTlsFacts } from './zone-service-tls-facts.js';

/**
 * The zone's {@link MeshView} from its own state and the global replica: meshes from the replica,
 * Dataplanes / ZoneIngresses / ZoneEgresses from the zone's store, as remote ZoneIngresses the
 * replica's ZoneIngresses of other zones, and for PERMISSIVE meshes the zone's ServiceInsight counts
 * (which services' Dataplanes all hold a certificate). Resource objects are passed through as the sources hold
 * them, so an unchanged resource is the same object in successive views (the generators memoise
 * on identity). Pure.
 */
export function buildZoneMeshView(zone: string, store: ZoneStateSource, replica: GlobalStateSource, vips?: VipSource): MeshView {
  const meshes = replica.list(SubjectKinds.Mesh).flatMap((entry) => (entry.resource?.type === 'Mesh' ? [entry.resource] : []));
  return createMeshView({
    zone,
    ...(vips === undefined ? {} : { vips: vips.vips() }),
    meshes,
    serviceInsights: zoneServiceTlsFacts(meshes, store),
    dataplanes: store.list(SubjectKinds.Dataplane),
    zoneIngresses: store.list(SubjectKinds.ZoneIngress),
    zoneEgresses: store.list(SubjectKinds.ZoneEgress),
    // The global CP pinned each ZoneIngress's `zone` from the subject its zone published on.
    remoteZoneIngresses: replica.list(SubjectKinds.ZoneIngress).flatMap((entry) => {
      const ingress = entry.resource;
      return ingress?.type === 'ZoneIngress' && ingress.zone !== '' && ingress.zone !== zone ? [ingress] : [];
    }),
  });
}

/** The zone's DNS VIPs (a DnsVipTracker): mesh → service → VIP, and when they change. */
export interface VipSource {
  vips(): Readonly<Record<string, Readonly<Record<string, string>>>>;
  onChange(listener: () => void): () => void;
}

export interface ZoneMeshViewBuilderOptions {
  /** This zone's name. */
  readonly zone: string;
  /** Quiet time after the last relevant change before the view is rebuilt. Default: 25 ms. */
  readonly debounceMs?: number;
  /** Default: silent. */
  readonly logger?: Logger;
  /** Service VIPs for transparent-proxy outbounds. Default: none. */
  readonly vips?: VipSource;
}

/**
 * Keeps the zone's current {@link MeshView} and tells listeners about each new one. Changes are
 * debounced; status-only changes (DataplaneInsight counters, zones' heartbeats and Zone entries) never
 * cause a rebuild (DESIGN: status-only changes never trigger xDS regeneration). The one part of an
 * insight generators read is the backend that issued the proxy's certificate (PERMISSIVE clients wait
 * for it): a change of that, not a re-issue by the same backend, rebuilds.
 */
export class ZoneMeshViewBuilder {
  private readonly store: ZoneStateSource;
  private readonly replica: GlobalStateSource;
  private readonly zone: string;
  private readonly debounceMs: number;
  private readonly logger: Logger;
  private readonly vips: VipSource | undefined;
  private readonly listeners = new Set<(view: MeshView) => void>();
  private view: MeshView;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void)[] = [];
  /** DataplaneInsight key → the issuing backend last seen in it. */
  private readonly issuedBackends = new Map<string, string>();

  constructor(store: ZoneStateSource, replica: GlobalStateSource, options: ZoneMeshViewBuilderOptions) {
    this.store = store;
    this.replica = replica;
    this.zone = options.zone;
    this.debounceMs = options.debounceMs ?? 25;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.vips = options.vips;
    this.view = createMeshView({ zone: options.zone });
  }

  /** Builds the first view from what the sources hold now and follows their changes. */
  start(): void {
    if (this.unsubscribe.length > 0) return;
    this.unsubscribe = [
      this.store.onChange((change) => {
        if (change.key.kind === SubjectKinds.DataplaneInsight) {
          if (this.issuedBackendChanged(change)) this.schedule();
        } else if (change.key.kind !== SubjectKinds.ZoneHeartbeat) this.schedule();
      }),
      this.replica.onChange((change) => {
        if (change.kind !== SubjectKinds.Zone) this.schedule();
      }),
      ...(this.vips === undefined ? [] : [this.vips.onChange(() => this.schedule())]),
    ];
    this.rebuild();
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The latest view; read-only. */
  current(): MeshView {
    return this.view;
  }

  /** Called with every new view (after the debounce); returns an unsubscribe function. */
  onView(listener: (view: MeshView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rebuilds now and notifies listeners (a pending debounced rebuild is folded into this one). */
  rebuild(): MeshView {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.view = buildZoneMeshView(this.zone, this.store, this.replica, this.vips);
    this.logger.debug({ dataplanes: this.view.dataplanes.length }, 'mesh view rebuilt');
    for (const listener of this.listeners) {
      try {
        listener(this.view);
      } catch (error) {
        this.logger.error({ err: error }, 'mesh view listener failed');
      }
    }
    return this.view;
  }

  private issuedBackendChanged(change: ZoneStoreChange): boolean {
    const key = `${change.key.mesh ?? ''}/${change.key.name}`;
    const backend = change.resource?.type === 'DataplaneInsight' ? issuedBackendOf(change.resource) : '';
    if ((this.issuedBackends.get(key) ?? '') === backend) return false;
    if (backend === '') this.issuedBackends.delete(key);
    else this.issuedBackends.set(key, backend);
    return true;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.rebuild(), this.debounceMs);
  }
}
