import type { DataplaneVersion, DiscoveryServiceStats, DiscoverySubscription } from '@kumiko/api';
import { TypeUrls, type TypeUrl } from '@kumiko/xds';

/** The per-type fields of Kuma's `DiscoverySubscriptionStatus`. */
type StatsField = 'cds' | 'eds' | 'lds' | 'rds';

const FIELD_OF: Partial<Record<TypeUrl, StatsField>> = {
  [TypeUrls.Cluster]: 'cds',
  [TypeUrls.ClusterLoadAssignment]: 'eds',
  [TypeUrls.Listener]: 'lds',
  [TypeUrls.RouteConfiguration]: 'rds',
};

interface Counters {
  sent: number;
  acked: number;
  rejected: number;
}

/** What a client said when it last rejected a response (kept in the insight's `metadata.lastNack`). */
export interface LastNack {
  readonly typeUrl: string;
  readonly version: string;
  readonly code: number;
  readonly message: string;
  readonly time: string;
}

/**
 * One ADS stream of one proxy as Kuma's DataplaneInsight records it: connect and disconnect times,
 * responses sent / ACKed / NACKed in total and per type, the proxy's versions. Mutable; `toJSON()`
 * returns a fresh, Kuma-shaped `DiscoverySubscription` with the generation given.
 */
export class DiscoverySubscriptionRecord {
  private readonly counters = new Map<StatsField | 'total', Counters>();
  private disconnectTime: string | undefined;
  private lastUpdateTime: string;
  lastNack: LastNack | undefined;

  constructor(
    readonly id: string,
    readonly controlPlaneInstanceId: string,
    readonly connectTime: string,
    readonly version: DataplaneVersion | undefined,
  ) {
    this.lastUpdateTime = connectTime;
  }

  get online(): boolean {
    return this.disconnectTime === undefined;
  }

  sent(typeUrl: TypeUrl, at: Date): void {
    this.count(typeUrl, at, (c) => c.sent++);
  }

  acked(typeUrl: TypeUrl, at: Date): void {
    this.count(typeUrl, at, (c) => c.acked++);
  }

  rejected(typeUrl: TypeUrl, nack: Omit<LastNack, 'typeUrl' | 'time'>, at: Date): void {
    this.count(typeUrl, at, (c) => c.rejected++);
    this.lastNack = { typeUrl, ...nack, time: at.toISOString() };
  }

  disconnect(at: Date): void {
    this.disconnectTime ??= at.toISOString();
  }

  toJSON(generation: number): DiscoverySubscription {
    const stats = (field: StatsField | 'total'): DiscoveryServiceStats => {
      const c = this.counters.get(field) ?? { sent: 0, acked: 0, rejected: 0 };
      return { responsesSent: String(c.sent), responsesAcknowledged: String(c.acked), responsesRejected: String(c.rejected) };
    };
    return {
      id: this.id,
      controlPlaneInstanceId: this.controlPlaneInstanceId,
      connectTime: this.connectTime,
      ...(this.disconnectTime === undefined ? {} : { disconnectTime: this.disconnectTime }),
      status: {
        lastUpdateTime: this.lastUpdateTime,
        total: stats('total'),
        cds: stats('cds'),
        eds: stats('eds'),
        lds: stats('lds'),
        rds: stats('rds'),
      },
      ...(this.version === undefined ? {} : { version: this.version }),
      generation,
    };
  }

  private count(typeUrl: TypeUrl, at: Date, bump: (counters: Counters) => void): void {
    const field = FIELD_OF[typeUrl];
    for (const key of field === undefined ? (['total'] as const) : (['total', field] as const)) {
      let counters = this.counters.get(key);
      if (counters === undefined) this.counters.set(key, (counters = { sent: 0, acked: 0, rejected: 0 }));
      bump(counters);
    }
    this.lastUpdateTime = at.toISOString();
  }
}
