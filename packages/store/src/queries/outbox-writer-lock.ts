import { sql, type Transaction } from 'kysely';
import type { KumikoDatabase } from '../database-schema.js';

/**
 * Serialises a transaction that writes outbox rows with the zone projector's batches, which lock their
 * checkpoint row before anything else. While held, no batch commits, so (a) outbox ids are committed in id
 * order — the relay may then safely forget everything up to the last id it published — and (b) what the
 * transaction reads about zones and resources cannot change under it (no zone heartbeat, no new Dataplane).
 * Held until the transaction ends. `checkpoint` is the projector's checkpoint name.
 */
export async function lockOutboxWriters(trx: Transaction<KumikoDatabase>, checkpoint: string): Promise<void> {
  await sql`INSERT INTO projection_checkpoints (name, stream_seq, modification_time)
            VALUES (${checkpoint}, 0, now()) ON CONFLICT (name) DO NOTHING`.execute(trx);
  await sql`SELECT stream_seq FROM projection_checkpoints WHERE name = ${checkpoint} FOR UPDATE`.execute(trx);
}
