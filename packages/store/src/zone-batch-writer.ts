import { sql, type Kysely, type Transaction } from 'kysely';
import { dataplaneTagSets, resourceToJson, ResourceTypes, type Resource } from '@kumiko/api';
import type { KumikoDatabase, ZoneSubscriptionRow } from './database-schema.js';
import type { HeartbeatCommand, UpsertCommand, ZoneBatchPlan } from './zone-batch-plan.js';
import { ZONE_ORIGINATED_GLOBAL_VIEW, ZONE_ORIGINATED_GLOBAL_VIEW_TYPES } from './global-view-kinds.js';
import { recordHeartbeat } from './zone-subscriptions.js';

export class CheckpointConflictError extends Error {
  override readonly name = 'CheckpointConflictError';
  readonly code = 'CHECKPOINT_CONFLICT';
}

export interface ZoneBatchWriterOptions {
  /** Name of the checkpoint row (one per consumer of the ZONES stream). */
  readonly checkpoint: string;
  /** Recorded in zone subscriptions as the global CP instance that saw them. */
  readonly globalInstanceId: string;
}

export interface WriteResult {
  /** Rows inserted, updated or deleted. */
  readonly changed: number;
  /** Commands at or below the checkpoint (already applied), or older than the row they target. */
  readonly skipped: number;
  readonly rejected: number;
  readonly outbox: number;
  /** The checkpoint after the batch. */
  readonly checkpoint: number;
}

interface ChangedRow {
  type: string;
  mesh: string;
  name: string;
  zone: string | null;
  spec: Record<string, unknown> | null;
}

/**
 * Applies a planned batch in one transaction: checkpoint read (locked) → commands newer than it →
 * zones, resources, tags, insights, rejections, outbox → checkpoint compare-and-set → commit. A
 * batch at or below the checkpoint changes nothing, so replays and redeliveries are harmless; each
 * row also keeps the stream sequence that last changed it and ignores older ones.
 */
export async function writeZoneBatch(
  db: Kysely<KumikoDatabase>,
  plan: ZoneBatchPlan,
  options: ZoneBatchWriterOptions,
): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    await sql`INSERT INTO projection_checkpoints (name, stream_seq, modification_time)
              VALUES (${options.checkpoint}, 0, now()) ON CONFLICT (name) DO NOTHING`.execute(trx);
    const { rows } = await sql<{ stream_seq: string }>`
      SELECT stream_seq FROM projection_checkpoints WHERE name = ${options.checkpoint} FOR UPDATE`.execute(trx);
    const checkpoint = Number(rows[0]?.stream_seq ?? 0);
    if (plan.maxSeq <= checkpoint) {
      return { changed: 0, skipped: plan.commands.length, rejected: 0, outbox: 0, checkpoint };
    }
    const commands = plan.commands.filter((c) => c.seq > checkpoint);
    const rejections = plan.rejections.filter((r) => r.seq > checkpoint);
    const zones = [...plan.zones];
    const enabled = await ensureZones(trx, zones);

    const upserts = commands.filter((c): c is UpsertCommand => c.kind === 'upsert');
    const deletes = commands.flatMap((c) =>
      c.kind !== 'delete' ? [] : c.type === ResourceTypes.Dataplane ? [c, { ...c, type: ResourceTypes.DataplaneInsight }] : [c],
    );
    const upserted = await upsertResources(trx, upserts);
    const deleted = await deleteResources(trx, deletes);
    const outbox = await writeOutbox(trx, [...upserted, ...deleted.map((row) => ({ ...row, spec: null }))], enabled);
    await recordHeartbeats(
      trx,
      commands.filter((c): c is HeartbeatCommand => c.kind === 'heartbeat'),
      options.globalInstanceId,
    );
    if (rejections.length > 0) {
      await sql`INSERT INTO projection_rejections (stream_seq, subject, zone, reason, payload_excerpt)
                SELECT * FROM unnest(${rejections.map((r) => r.seq)}::bigint[], ${rejections.map((r) => r.subject)}::text[],
                                     ${rejections.map((r) => r.zone ?? null)}::text[], ${rejections.map((r) => r.reason)}::text[],
                                     ${rejections.map((r) => r.excerpt)}::text[])
                ON CONFLICT (stream_seq) DO NOTHING`.execute(trx);
    }
    const advanced = await sql`UPDATE projection_checkpoints SET stream_seq = ${plan.maxSeq}, modification_time = now()
                               WHERE name = ${options.checkpoint} AND stream_seq = ${checkpoint}`.execute(trx);
    if (Number(advanced.numAffectedRows ?? 0) !== 1) {
      throw new CheckpointConflictError(`checkpoint ${options.checkpoint} moved past ${checkpoint} concurrently`);
    }
    const heartbeats = commands.filter((c) => c.kind === 'heartbeat').length;
    const changed = upserted.length + deleted.length + heartbeats;
    return { changed, skipped: commands.length - changed, rejected: rejections.length, outbox, checkpoint: plan.maxSeq };
  });
}

/** Creates the Zone rows heard of for the first time; returns each zone's enabled flag. */
async function ensureZones(trx: Transaction<KumikoDatabase>, zones: readonly string[]): Promise<Map<string, boolean>> {
  if (zones.length === 0) return new Map();
  await sql`INSERT INTO zones (name, enabled, labels, creation_time, modification_time)
            SELECT z, NULL, '{}', now(), now() FROM unnest(${zones}::text[]) AS z
            ON CONFLICT (name) DO NOTHING`.execute(trx);
  const { rows } = await sql<{ name: string; enabled: boolean | null }>`
    SELECT name, enabled FROM zones WHERE name = ANY(${zones}::text[])`.execute(trx);
  return new Map(rows.map((row) => [row.name, row.enabled !== false]));
}

async function upsertResources(trx: Transaction<KumikoDatabase>, upserts: readonly UpsertCommand[]): Promise<ChangedRow[]> {
  if (upserts.length === 0) return [];
  const column = <T>(pick: (c: UpsertCommand) => T): T[] => upserts.map(pick);
  const { rows } = await sql<ChangedRow>`
    INSERT INTO resources AS r (type, mesh, name, display_name, zone, spec, labels, tag_sets, version, source_seq, creation_time, modification_time)
    SELECT type, mesh, name, display_name, zone, spec, labels, tag_sets, 1, seq, time, time
    FROM unnest(${column((c) => c.type)}::text[], ${column((c) => c.mesh)}::text[], ${column((c) => c.name)}::text[],
                ${column((c) => c.displayName)}::text[], ${column((c) => c.zone)}::text[],
                ${column((c) => JSON.stringify(resourceToJson(c.resource as Resource)))}::json[],
                ${column((c) => JSON.stringify(c.resource.labels))}::jsonb[],
                ${column((c) => (c.resource.type === ResourceTypes.Dataplane ? JSON.stringify(dataplaneTagSets(c.resource)) : null))}::jsonb[],
                ${column((c) => c.seq)}::bigint[], ${column((c) => c.time)}::timestamptz[])
      AS v(type, mesh, name, display_name, zone, spec, labels, tag_sets, seq, time)
    ON CONFLICT (type, mesh, name) DO UPDATE SET
      display_name = excluded.display_name, zone = excluded.zone, spec = excluded.spec, labels = excluded.labels,
      tag_sets = excluded.tag_sets, version = r.version + 1, source_seq = excluded.source_seq,
      modification_time = excluded.modification_time
    WHERE r.source_seq < excluded.source_seq
    RETURNING r.type, r.mesh, r.name, r.zone,
      CASE WHEN r.type = ANY(${ZONE_ORIGINATED_GLOBAL_VIEW_TYPES}::text[]) THEN r.spec END AS spec`.execute(trx);
  return rows;
}

async function deleteResources(
  trx: Transaction<KumikoDatabase>,
  deletes: ReadonlyArray<{ type: string; mesh: string; name: string; seq: number }>,
): Promise<ChangedRow[]> {
  if (deletes.length === 0) return [];
  const { rows } = await sql<ChangedRow>`
    DELETE FROM resources AS r
    USING unnest(${deletes.map((d) => d.type)}::text[], ${deletes.map((d) => d.mesh)}::text[],
                 ${deletes.map((d) => d.name)}::text[], ${deletes.map((d) => d.seq)}::bigint[]) AS v(type, mesh, name, seq)
    WHERE r.type = v.type AND r.mesh = v.mesh AND r.name = v.name AND r.source_seq < v.seq
    RETURNING r.type, r.mesh, r.name, r.zone, NULL::json AS spec`.execute(trx);
  return rows;
}

/** Queues the global-view changes (zone-originated global-view types of enabled zones) for the relay. */
async function writeOutbox(
  trx: Transaction<KumikoDatabase>,
  changed: readonly ChangedRow[],
  enabled: ReadonlyMap<string, boolean>,
): Promise<number> {
  const entries = changed.filter(
    (row) => ZONE_ORIGINATED_GLOBAL_VIEW.has(row.type) && row.zone !== null && enabled.get(row.zone) !== false,
  );
  if (entries.length === 0) return 0;
  await sql`INSERT INTO outbox (kind, name, zone, resource)
            SELECT * FROM unnest(${entries.map((e) => ZONE_ORIGINATED_GLOBAL_VIEW.get(e.type) ?? '')}::text[], ${entries.map((e) => e.name)}::text[],
                                 ${entries.map((e) => e.zone)}::text[], ${entries.map((e) => (e.spec === null ? null : JSON.stringify(e.spec)))}::jsonb[])`.execute(
    trx,
  );
  return entries.length;
}

async function recordHeartbeats(
  trx: Transaction<KumikoDatabase>,
  heartbeats: readonly HeartbeatCommand[],
  globalInstanceId: string,
): Promise<void> {
  if (heartbeats.length === 0) return;
  const zones = heartbeats.map((h) => h.zone);
  const { rows } = await sql<{ zone: string; subscriptions: ZoneSubscriptionRow[] }>`
    SELECT zone, subscriptions FROM zone_insights WHERE zone = ANY(${zones}::text[]) FOR UPDATE`.execute(trx);
  const current = new Map(rows.map((row) => [row.zone, row.subscriptions]));
  const next = heartbeats.map((h) => recordHeartbeat(current.get(h.zone) ?? [], h, globalInstanceId));
  await sql`INSERT INTO zone_insights (zone, subscriptions, last_heartbeat_at, modification_time)
            SELECT z, s, t, now() FROM unnest(${zones}::text[], ${next.map((s) => JSON.stringify(s))}::jsonb[], ${heartbeats.map((h) => h.time)}::timestamptz[]) AS v(z, s, t)
            ON CONFLICT (zone) DO UPDATE SET subscriptions = excluded.subscriptions,
              last_heartbeat_at = GREATEST(zone_insights.last_heartbeat_at, excluded.last_heartbeat_at), modification_time = now()`.execute(
    trx,
  );
}
