import { sql, type Kysely } from 'kysely';

/**
 * A rejected ZONES message is recorded with the zone its subject names (the publisher NATS
 * authenticated) and a bounded excerpt of its payload, so an operator can see what was skipped
 * and who sent it. Rows written before this migration have neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE projection_rejections ADD COLUMN zone text;
    ALTER TABLE projection_rejections ADD COLUMN payload_excerpt text NOT NULL DEFAULT '';
    CREATE INDEX projection_rejections_zone_idx ON projection_rejections (zone, stream_seq);
  `.execute(db);
}
