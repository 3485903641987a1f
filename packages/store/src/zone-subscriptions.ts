import type { ZoneSubscriptionRow } from './database-schema.js';

/** Kuma keeps up to `KUMA_METRICS_ZONE_SUBSCRIPTION_LIMIT=10` subscriptions per ZoneInsight. */
export const ZONE_SUBSCRIPTION_LIMIT = 10;

export interface HeartbeatSeen {
  readonly instanceId: string;
  readonly version: string;
  readonly config: string;
  /** When the heartbeat was sent (RFC 3339). */
  readonly time: string;
}

/**
 * A zone's subscriptions after a heartbeat: the open subscription of the same zone CP instance is
 * refreshed; otherwise every open one is closed (as Kuma's finalizeSubscriptions does) and a new one
 * opens. Pure: the caller's array is not mutated.
 */
export function recordHeartbeat(
  subscriptions: readonly ZoneSubscriptionRow[],
  heartbeat: HeartbeatSeen,
  globalInstanceId: string,
): ZoneSubscriptionRow[] {
  const last = subscriptions.at(-1);
  if (last && last.zoneInstanceId === heartbeat.instanceId && last.disconnectTime === undefined) {
    return [
      ...subscriptions.slice(0, -1),
      {
        ...last,
        status: { lastUpdateTime: heartbeat.time },
        version: { kumaCp: { version: heartbeat.version } },
        config: heartbeat.config,
      },
    ];
  }
  const closed = subscriptions.map((s) => (s.disconnectTime === undefined ? { ...s, disconnectTime: heartbeat.time } : s));
  const opened: ZoneSubscriptionRow = {
    id: `${heartbeat.instanceId}/${heartbeat.time}`,
    globalInstanceId,
    zoneInstanceId: heartbeat.instanceId,
    connectTime: heartbeat.time,
    status: { lastUpdateTime: heartbeat.time },
    version: { kumaCp: { version: heartbeat.version } },
    config: heartbeat.config,
  };
  return [...closed, opened].slice(-ZONE_SUBSCRIPTION_LIMIT);
}

/** Closes open subscriptions (a zone gone silent): `disconnectTime = now`. */
export function closeSubscriptions(subscriptions: readonly ZoneSubscriptionRow[], now: string): ZoneSubscriptionRow[] {
  return subscriptions.map((s) => (s.disconnectTime === undefined ? { ...s, disconnectTime: now } : s));
}

/** Kuma: online means some subscription has a connect time and no disconnect time. */
export function isZoneOnline(subscriptions: readonly ZoneSubscriptionRow[]): boolean {
  return subscriptions.some((s) => s.disconnectTime === undefined);
}
