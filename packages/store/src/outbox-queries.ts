import { sql, type Kysely } from 'kysely';
import type { KumikoDatabase } from './database-schema.js';

export interface OutboxRow {
  readonly id: number;
  readonly kind: string;
  /** `''` for global-scoped types. */
  readonly mesh: string;
  readonly name: string;
  readonly zone: string | null;
  /** `null` for a tombstone. */
  readonly resource: Record<string, unknown> | null;
  readonly createdAt: Date;
}

/** The oldest committed, not yet published outbox rows, in commit order. */
export async function readOutbox(db: Kysely<KumikoDatabase>, limit: number): Promise<OutboxRow[]> {
  const rows = await db.selectFrom('outbox').selectAll().orderBy('id').limit(limit).execute();
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    mesh: row.mesh,
    name: row.name,
    zone: row.zone,
    resource: row.resource,
    createdAt: row.created_at,
  }));
}

/** Forgets rows up to and including `id` once they were published (acknowledged by JetStream). */
export async function deleteOutboxThrough(db: Kysely<KumikoDatabase>, id: number): Promise<void> {
  await db.deleteFrom('outbox').where('id', '<=', String(id)).execute();
}

/** Rows still waiting to be published, and the age of the oldest (the relay's lag). */
export async function outboxBacklog(db: Kysely<KumikoDatabase>): Promise<{ rows: number; oldestAgeMs: number }> {
  const { rows } = await sql<{ n: string; oldest: Date | null }>`SELECT count(*) AS n, min(created_at) AS oldest FROM outbox`.execute(db);
  const oldest = rows[0]?.oldest;
  return { rows: Number(rows[0]?.n ?? 0), oldestAgeMs: oldest ? Math.max(0, Date.now() - oldest.getTime()) : 0 };
}
