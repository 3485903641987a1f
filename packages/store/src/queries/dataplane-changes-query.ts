import { sql, type Kysely, type Transaction } from 'kysely';
import type { KumikoDatabase } from '../database-schema.js';

/** A stored Dataplane or DataplaneInsight, whole, as the catch-up reads it. */
export interface DataplaneRow {
  readonly type: 'Dataplane' | 'DataplaneInsight';
  readonly mesh: string;
  readonly name: string;
  readonly spec: Readonly<Record<string, unknown>>;
}

export interface DataplaneDeletion {
  readonly type: 'Dataplane' | 'DataplaneInsight';
  readonly mesh: string;
  readonly name: string;
}

/**
 * How far a reader has caught up: every Dataplane or insight written at or below `seq` (ZONES stream
 * sequence) and every deletion up to `deletionId` has been seen. Writes above `seq` commit later than the
 * snapshot the position was taken in (the projector writes in stream order, one batch at a time).
 */
export interface DataplanePosition {
  readonly seq: number;
  readonly deletionId: number;
}

async function position(trx: Transaction<KumikoDatabase>): Promise<DataplanePosition> {
  const { rows } = await sql<{ seq: string; deletion_id: string }>`
    SELECT (SELECT coalesce(max(source_seq), 0) FROM resources WHERE type IN ('Dataplane', 'DataplaneInsight')) AS seq,
           (SELECT coalesce(max(id), 0) FROM resource_deletions) AS deletion_id`.execute(trx);
  return { seq: Number(rows[0]?.seq ?? 0), deletionId: Number(rows[0]?.deletion_id ?? 0) };
}

/**
 * Reads every Dataplane and DataplaneInsight from one consistent snapshot, `pageSize` rows at a time, and
 * returns the position of that snapshot (from where {@link readDataplaneChanges} continues).
 */
export async function readDataplaneSnapshot(
  db: Kysely<KumikoDatabase>,
  onPage: (rows: readonly DataplaneRow[]) => void,
  pageSize = 5_000,
): Promise<DataplanePosition> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const at = await position(trx);
      for (const type of ['Dataplane', 'DataplaneInsight'] as const) {
        let after: DataplaneRow | undefined;
        for (;;) {
          const { rows } = await sql<DataplaneRow>`
          SELECT type, mesh, name, spec FROM resources
          WHERE type = ${sql.lit(type)}
            ${after === undefined ? sql`` : sql`AND (mesh COLLATE "C", name COLLATE "C") > (${after.mesh}, ${after.name})`}
          ORDER BY mesh COLLATE "C", name COLLATE "C" LIMIT ${pageSize}`.execute(trx);
          if (rows.length > 0) onPage(rows);
          if (rows.length < pageSize) break;
          after = rows[rows.length - 1];
        }
      }
      return at;
    });
}

export interface DataplaneChanges {
  /** Deletions first: apply them before the upserts (a re-created resource shows up among the upserts). */
  readonly deletions: readonly DataplaneDeletion[];
  /** The current state of every Dataplane or insight written after `since.seq`. */
  readonly upserts: readonly DataplaneRow[];
  readonly position: DataplanePosition;
}

/** What changed after `since`, from one consistent snapshot. */
export async function readDataplaneChanges(db: Kysely<KumikoDatabase>, since: DataplanePosition): Promise<DataplaneChanges> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const at = await position(trx);
      if (at.seq === since.seq && at.deletionId === since.deletionId) return { deletions: [], upserts: [], position: at };
      const deletions = await sql<DataplaneDeletion>`
      SELECT type, mesh, name FROM resource_deletions WHERE id > ${since.deletionId} AND id <= ${at.deletionId} ORDER BY id`.execute(trx);
      const upserts = await sql<DataplaneRow>`
      SELECT type, mesh, name, spec FROM resources
      WHERE type IN ('Dataplane', 'DataplaneInsight') AND source_seq > ${since.seq}
      ORDER BY source_seq`.execute(trx);
      return { deletions: deletions.rows, upserts: upserts.rows, position: at };
    });
}

/** Forgets deletions older than `before` (readers that fell further behind reload a snapshot). */
export async function pruneResourceDeletions(db: Kysely<KumikoDatabase>, before: Date): Promise<number> {
  const result = await sql`DELETE FROM resource_deletions WHERE deleted_at < ${before}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
