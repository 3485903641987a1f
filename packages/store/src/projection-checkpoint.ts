import type { Kysely } from 'kysely';
import type { KumikoDatabase } from './database-schema.js';

/** The last ZONES stream sequence the named projection committed (0 before the first batch). */
export async function readCheckpoint(db: Kysely<KumikoDatabase>, name: string): Promise<number> {
  const row = await db.selectFrom('projection_checkpoints').select('stream_seq').where('name', '=', name).executeTakeFirst();
  return Number(row?.stream_seq ?? 0);
}
