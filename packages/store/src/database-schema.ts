import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/**
 * The global CP's Postgres schema as kysely sees it. Zone-originated rows are owned by their zone:
 * deleting a zone cascades to everything projected from it (as Kuma's owner = Zone FK does).
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface ZonesTable {
  name: string;
  /** `null` = unset = enabled (Kuma's BoolValue). */
  enabled: boolean | null;
  labels: Json<Record<string, string>>;
  version: Generated<string>;
  creation_time: Timestamp;
  modification_time: Timestamp;
}

export interface ZoneInsightsTable {
  zone: string;
  /** Kuma ZoneInsight `subscriptions` (most recent last, at most 10). */
  subscriptions: Json<readonly ZoneSubscriptionRow[]>;
  last_heartbeat_at: Timestamp | null;
  modification_time: Timestamp;
}

export interface ZoneSubscriptionRow {
  readonly id: string;
  readonly globalInstanceId: string;
  readonly zoneInstanceId: string;
  readonly connectTime: string;
  readonly disconnectTime?: string;
  readonly status: { readonly lastUpdateTime: string };
  readonly version: { readonly kumaCp: { readonly version: string } };
  readonly config: string;
}

export interface ResourcesTable {
  type: string;
  /** `''` for global-scoped types. */
  mesh: string;
  /** The global name: Kuma's hashed name for zone-originated resources. */
  name: string;
  /** The name in its zone (`kuma.io/display-name`). */
  display_name: string;
  /** Owner zone; `null` for resources that originate on the global CP. */
  zone: string | null;
  /** The whole resource in Kuma's JSON form, as served (`json`: stored as written, cheaper to write than `jsonb`). */
  spec: Json<Record<string, unknown>>;
  labels: Json<Record<string, string>>;
  /**
   * Dataplanes only: every inbound's tags, then the gateway's, as a JSON array of objects — what
   * `tag=key:value` queries search (GIN-indexed); `null` for other types.
   */
  tag_sets: Json<ReadonlyArray<Record<string, string>>> | null;
  version: string;
  /** ZONES stream sequence of the event that last changed the row (0 for global-origin rows). */
  source_seq: string;
  creation_time: Timestamp;
  modification_time: Timestamp;
}

export interface ProjectionCheckpointsTable {
  name: string;
  stream_seq: string;
  modification_time: Timestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  kind: string;
  /** `''` for global-scoped types. */
  mesh: Generated<string>;
  name: string;
  zone: string | null;
  /** `null` for a tombstone. */
  resource: Json<Record<string, unknown>> | null;
  created_at: DefaultTimestamp;
}

export interface ProjectionRejectionsTable {
  stream_seq: string;
  subject: string;
  /** The zone the subject names; `null` when the subject does not parse (and for rows older than the column). */
  zone: string | null;
  reason: string;
  /** The payload's first bytes as text (NULs escaped), bounded; `''` for rows older than the column. */
  payload_excerpt: Generated<string>;
  rejected_at: DefaultTimestamp;
}

export interface KumikoDatabase {
  zones: ZonesTable;
  zone_insights: ZoneInsightsTable;
  resources: ResourcesTable;
  projection_checkpoints: ProjectionCheckpointsTable;
  outbox: OutboxTable;
  projection_rejections: ProjectionRejectionsTable;
}
