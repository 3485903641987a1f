import type { ResourceOfType, ResourceType, ResourceTypeRegistry } from '@kumiko/api';

export interface EventMetadata {
  /** Unique per event (nanoid); used as `Nats-Msg-Id`, so a retried publish is stored once. */
  readonly eventId: string;
  /** The zone that says it published the event. Consumers trust the subject's zone, not this. */
  readonly zone: string;
  /** RFC 3339. */
  readonly time: string;
  /** The resource's version after this event: 1 on creation, +1 per change (deletions included). */
  readonly version: number;
  /**
   * Who owns a proxy resource this upsert wrote: `lifecycle` when the zone CP registered it because the proxy
   * connected to ADS with it (kuma-dp's registration), and may therefore update it on a reconnect and delete it
   * after the proxy left. Absent: a user's write (REST), which no proxy connection may change or delete. Kept in
   * the event rather than in a label, so users never see it and cannot set it; the zone rebuilds it at start.
   */
  readonly registeredBy?: RegisteredBy;
}

/** The one owner an event's metadata names (see {@link EventMetadata.registeredBy}). */
export type RegisteredBy = 'lifecycle';

interface Event<T extends string, D> {
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

/** The types a zone owns and publishes: those with a `zoneOrigin` in the registry. */
export type ZoneOwnedType = {
  [K in ResourceType]: ResourceTypeRegistry[K] extends { readonly zoneOrigin: object } ? K : never;
}[ResourceType];

type EventNamesOf<K extends ZoneOwnedType> = ResourceTypeRegistry[K] extends { readonly zoneOrigin: { readonly events: infer E } }
  ? E
  : never;

/** `<Type>Upserted` (`DataplaneInsightUpdated`): the resource's new state, under its payload field. */
export type ResourceUpserted<K extends ZoneOwnedType> =
  EventNamesOf<K> extends { readonly upserted: infer U extends string; readonly payloadField: infer F extends string }
    ? Event<U, { readonly [P in F]: ResourceOfType<K> }>
    : never;

/** `<Type>Deleted`: which resource is gone (`{mesh, name}`, or `{name}` for global-scoped types). */
export type ResourceDeleted<K extends ZoneOwnedType> =
  EventNamesOf<K> extends { readonly deleted: infer D extends string }
    ? Event<D, ResourceTypeRegistry[K]['scope'] extends 'mesh' ? ResourceRef : GlobalResourceRef>
    : never;

export type DataplaneUpserted = ResourceUpserted<'Dataplane'>;
export type DataplaneDeleted = ResourceDeleted<'Dataplane'>;
export type DataplaneInsightUpdated = ResourceUpserted<'DataplaneInsight'>;
export type ZoneIngressUpserted = ResourceUpserted<'ZoneIngress'>;
export type ZoneIngressDeleted = ResourceDeleted<'ZoneIngress'>;
export type ZoneEgressUpserted = ResourceUpserted<'ZoneEgress'>;
export type ZoneEgressDeleted = ResourceDeleted<'ZoneEgress'>;

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

/** Every event a zone publishes, named in the past tense: an upsert and a delete per zone-owned type, and heartbeats. */
export type ZoneEvent = { [K in ZoneOwnedType]: ResourceUpserted<K> | ResourceDeleted<K> }[ZoneOwnedType] | ZoneHeartbeat;
export type ZoneEventType = ZoneEvent['type'];

/** The subject kinds of zone-owned types: `'dataplane' | 'dataplaneinsight' | 'zoneingress' | 'zoneegress'`. */
export type ZoneOwnedKind = ResourceTypeRegistry[ZoneOwnedType]['subjectKind'];
