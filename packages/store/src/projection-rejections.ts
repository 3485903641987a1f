import type { Kysely } from 'kysely';
import type { KumikoDatabase } from './database-schema.js';

/** One ZONES message the projection skipped, as recorded. */
export interface StoredRejection {
  readonly seq: number;
  readonly subject: string;
  readonly zone: string | undefined;
  readonly reason: string;
  readonly excerpt: string;
  readonly rejectedAt: Date;
}

/** The recorded rejections in stream order, optionally of one zone only; at most `limit` (default 100). */
export async function listRejections(
  db: Kysely<KumikoDatabase>,
  options: { readonly zone?: string; readonly limit?: number } = {},
): Promise<StoredRejection[]> {
  let query = db
    .selectFrom('projection_rejections')
    .selectAll()
    .orderBy('stream_seq')
    .limit(options.limit ?? 100);
  if (options.zone !== undefined) query = query.where('zone', '=', options.zone);
  const rows = await query.execute();
  return rows.map((row) => ({
    seq: Number(row.stream_seq),
    subject: row.subject,
    zone: row.zone ?? undefined,
    reason: row.reason,
    excerpt: row.payload_excerpt,
    rejectedAt: row.rejected_at,
  }));
}
