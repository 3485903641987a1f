/**
 * @kumiko/store — the global CP's Postgres projection: schema and migrations, the zone batch
 * projection (plan → one transaction → checkpoint), the outbox, zone liveness.
 *
 * ```ts
 * const db = createDatabase({ connectionString });
 * await migrateToLatest(db);                         // advisory-locked; safe with several replicas
 * const plan = planZoneBatch(messages);              // pure: zone pinned from each subject
 * await writeZoneBatch(db, plan, { checkpoint: 'zones', globalInstanceId });
 * ```
 */
export { createDatabase } from './database-connection.js';
export type { DatabaseOptions } from './database-connection.js';
export type { KumikoDatabase, ZoneSubscriptionRow } from './database-schema.js';
export { deleteOutboxThrough, outboxBacklog, readOutbox } from './outbox-queries.js';
export type { OutboxRow } from './outbox-queries.js';
export { isPermanentDataError, sqlState } from './postgres-errors.js';
export { readCheckpoint } from './projection-checkpoint.js';
export { listRejections } from './projection-rejections.js';
export type { StoredRejection } from './projection-rejections.js';
export { migrateToLatest, MigrationError } from './schema-migrator.js';
export { payloadExcerpt, storableText } from './stored-text.js';
export { planPreparedBatch, planZoneBatch, prepareZoneMessage, rejectionOf } from './zone-batch-plan.js';
export type { PreparedZoneMessage, ProjectionCommand, Rejection, ZoneBatchPlan, ZoneStreamMessage } from './zone-batch-plan.js';
export { CheckpointConflictError, writeZoneBatch } from './zone-batch-writer.js';
export type { WriteResult, ZoneBatchWriterOptions } from './zone-batch-writer.js';
export { markSilentZonesOffline } from './zone-liveness.js';
export { isZoneOnline, recordHeartbeat, ZONE_SUBSCRIPTION_LIMIT } from './zone-subscriptions.js';
export { readDataplaneChanges, readDataplaneSnapshot, pruneResourceDeletions } from './queries/dataplane-changes-query.js';
export type { DataplaneChanges, DataplaneDeletion, DataplanePosition, DataplaneRow } from './queries/dataplane-changes-query.js';
export { readGlobalCounts } from './queries/global-counts-query.js';
export type { GlobalCounts } from './queries/global-counts-query.js';
export { deleteMesh, ensureDefaultMesh, upsertMesh } from './queries/mesh-writer.js';
export type { MeshDeletion, MeshInput, MeshWriterOptions } from './queries/mesh-writer.js';
export { deleteGlobalResource, putGlobalResourceIn, upsertGlobalResource } from './queries/global-resource-writer.js';
export type { GlobalResourceInput, GlobalResourceWriterOptions } from './queries/global-resource-writer.js';
export { lockOutboxWriters } from './queries/outbox-writer-lock.js';
export { getResource, listResources } from './queries/resource-list-query.js';
export type { ListedResourceType, ResourceListQuery, ResourcePage, StoredResource, TagPrefilter } from './queries/resource-list-query.js';
export { getZone, listZones } from './queries/zone-queries.js';
export type { StoredZone, ZoneListQuery } from './queries/zone-queries.js';
export { deleteZone, upsertZone } from './queries/zone-writer.js';
export type { ZoneDeletion, ZoneInput, ZoneWriteResult, ZoneWriterOptions } from './queries/zone-writer.js';
export { listMatchedDataplanes } from './queries/matched-dataplane-query.js';
export type { DataplaneKey, MatchedDataplaneQuery } from './queries/matched-dataplane-query.js';
