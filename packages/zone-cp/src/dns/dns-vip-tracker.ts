import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { SubjectKinds } from '@kumiko/events';
import type { DnsTable } from '../dp-server/dp-http-routes.js';
import type { GlobalStateSource, ZoneStateSource } from '../xds/zone-state-sources.js';
import { servicesByMesh } from './dns-hostnames.js';
import { allocateVips, parseVipCidr, type VipRange } from './dns-vip-allocator.js';

export interface DnsVipTrackerOptions {
  readonly zone: string;
  /** `KUMA_DNS_SERVER_CIDR`. Default `240.0.0.0/4`. */
  readonly cidr?: string;
  /** `KUMA_DNS_SERVER_DOMAIN`. Default `mesh`. */
  readonly domain?: string;
  /** TTL of the records served. Default 30 s (Kuma's embedded DNS table). */
  readonly ttlSeconds?: number;
  /** Quiet time after the last change before VIPs are recomputed. Default 25 ms. */
  readonly debounceMs?: number;
  /** Default: silent. */
  readonly logger?: Logger;
}

type Vips = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * The zone's service VIPs (Kuma's VIPsAllocator, universal): follows the zone's store and the global
 * replica, keeps mesh → service → VIP current (see {@link allocateVips}: stable, no storage), and
 * serves each mesh's DNS table — `<service>.<domain>`, plus the name with `_` turned into `.` — for
 * `GET /dns`. Insight and heartbeat changes are ignored. Listeners hear only of real changes.
 */
export class DnsVipTracker {
  private readonly store: ZoneStateSource;
  private readonly replica: GlobalStateSource;
  private readonly zone: string;
  private readonly range: VipRange;
  private readonly domain: string;
  private readonly ttl: number;
  private readonly debounceMs: number;
  private readonly logger: Logger;
  private readonly listeners = new Set<() => void>();
  private _vips: Vips = {};
  private tables = new Map<string, DnsTable>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void)[] = [];

  /** Throws VipCidrError for a bad CIDR. */
  constructor(store: ZoneStateSource, replica: GlobalStateSource, options: DnsVipTrackerOptions) {
    this.store = store;
    this.replica = replica;
    this.zone = options.zone;
    this.range = parseVipCidr(options.cidr ?? '240.0.0.0/4');
    this.domain = options.domain ?? 'mesh';
    this.ttl = options.ttlSeconds ?? 30;
    this.debounceMs = options.debounceMs ?? 25;
    this.logger = options.logger ?? pino({ level: 'silent' });
  }

  /** Computes the VIPs from what the sources hold now and follows their changes (debounced). */
  start(): void {
    if (this.unsubscribe.length > 0) return;
    this.unsubscribe = [
      this.store.onChange((change) => {
        if (change.key.kind === SubjectKinds.Dataplane) this.schedule();
      }),
      this.replica.onChange((change) => {
        if (change.kind === SubjectKinds.Mesh || change.kind === SubjectKinds.ZoneIngress) this.schedule();
      }),
    ];
    this.recompute();
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** mesh → service → VIP; read-only, replaced (not mutated) on change. */
  vips(): Vips {
    return this._vips;
  }

  /** The mesh's DNS table; `undefined` for a mesh the zone does not know. */
  table(mesh: string): DnsTable | undefined {
    return this.tables.get(mesh);
  }

  /** Called after each recompute that changed some mesh's VIPs (or added / removed a mesh); returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Recomputes now; tells listeners when some mesh's VIPs changed. */
  recompute(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next: Record<string, Readonly<Record<string, string>>> = {};
    const tables = new Map<string, DnsTable>();
    let changed = false;
    for (const [mesh, services] of servicesByMesh(this.zone, this.store, this.replica)) {
      const previous = this._vips[mesh];
      const { vips, unallocated } = allocateVips(mesh, services, previous ?? {}, this.range);
      if (unallocated.length > 0)
        this.logger.warn({ mesh, unallocated: unallocated.length }, 'VIP range exhausted; some services have no VIP');
      // A mesh seen for the first time is a change even with no services: its (empty) table appears.
      const same = previous !== undefined && sameRecord(previous, vips);
      const current = same ? previous : vips;
      next[mesh] = current;
      if (!same) {
        changed = true;
        this.logger.debug({ mesh, vips: Object.keys(vips).length }, 'VIPs changed');
      }
      tables.set(mesh, (same ? this.tables.get(mesh) : undefined) ?? this.tableOf(current));
    }
    if (Object.keys(this._vips).some((mesh) => next[mesh] === undefined)) changed = true;
    this.tables = tables;
    if (!changed) return;
    this._vips = next;
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.logger.error({ err: error }, 'VIP listener failed');
      }
    }
  }

  private tableOf(vips: Readonly<Record<string, string>>): DnsTable {
    const records = new Map<string, string>();
    for (const [service, ip] of Object.entries(vips)) {
      records.set(`${service}.${this.domain}`, ip);
      if (service.includes('_')) records.set(`${service.replaceAll('_', '.')}.${this.domain}`, ip);
    }
    const sorted = [...records.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, ip]) => ({ name, ips: [ip] }));
    const etag = createHash('sha256')
      .update(JSON.stringify([this.ttl, sorted]))
      .digest('base64url')
      .slice(0, 22);
    return { ttl: this.ttl, records: sorted, etag };
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.recompute(), this.debounceMs);
  }
}

function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
