import type { Dataplane, DataplaneInsight, ZoneEgress, ZoneIngress } from '@kumiko/api';

/** Every event a zone publishes, named in the past tense. */
export const ZoneEventTypes = {
  DataplaneUpserted: 'DataplaneUpserted',
  DataplaneDeleted: 'DataplaneDeleted',
  DataplaneInsightUpdated: 'DataplaneInsightUpdated',
  ZoneIngressUpserted: 'ZoneIngressUpserted',
  ZoneIngressDeleted: 'ZoneIngressDeleted',
  ZoneEgressUpserted: 'ZoneEgressUpserted',
  ZoneEgressDeleted: 'ZoneEgressDeleted',
  ZoneHeartbeat: 'ZoneHeartbeat',
} as const;
export type ZoneEventType = (typeof ZoneEventTypes)[keyof typeof ZoneEventTypes];

export interface EventMetadata {
  /** Unique per event (nanoid); used as `Nats-Msg-Id`, so a retried publish is stored once. */
  readonly eventId: string;
  /** The zone that says it published the event. Consumers trust the subject's zone, not this. */
  readonly zone: string;
  /** RFC 3339. */
  readonly time: string;
  /** The resource's version after this event: 1 on creation, +1 per change (deletions included). */
  readonly version: number;
}

interface Event<T extends ZoneEventType, D> {
  readonly type: T;
  readonly data: D;
  readonly metadata: EventMetadata;
}

export interface ResourceRef {
  readonly mesh: string;
  readonly name: string;
}

export interface GlobalResourceRef {
  readonly name: string;
}

export type DataplaneUpserted = Event<'DataplaneUpserted', { readonly dataplane: Dataplane }>;
export type DataplaneDeleted = Event<'DataplaneDeleted', ResourceRef>;
export type DataplaneInsightUpdated = Event<'DataplaneInsightUpdated', { readonly insight: DataplaneInsight }>;
export type ZoneIngressUpserted = Event<'ZoneIngressUpserted', { readonly zoneIngress: ZoneIngress }>;
export type ZoneIngressDeleted = Event<'ZoneIngressDeleted', GlobalResourceRef>;
export type ZoneEgressUpserted = Event<'ZoneEgressUpserted', { readonly zoneEgress: ZoneEgress }>;
export type ZoneEgressDeleted = Event<'ZoneEgressDeleted', GlobalResourceRef>;

/** Liveness of a zone CP instance; status only, it never changes any proxy's configuration. */
export type ZoneHeartbeat = Event<
  'ZoneHeartbeat',
  {
    readonly instanceId: string;
    readonly startedAt: string;
    readonly version: string;
    /** The zone CP's configuration as a JSON string (secrets redacted), as Kuma's ZoneInsight keeps it. */
    readonly config: string;
  }
>;

export type ZoneEvent =
  | DataplaneUpserted
  | DataplaneDeleted
  | DataplaneInsightUpdated
  | ZoneIngressUpserted
  | ZoneIngressDeleted
  | ZoneEgressUpserted
  | ZoneEgressDeleted
  | ZoneHeartbeat;
