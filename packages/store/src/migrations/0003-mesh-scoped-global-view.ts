import { sql, type Kysely } from 'kysely';

/**
 * The GLOBAL view also carries mesh-scoped types the global owns (Secrets, and the policies to come): an outbox
 * row names the mesh of what it publishes (`''` for global-scoped types, as the resources table does).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE outbox ADD COLUMN mesh text NOT NULL DEFAULT ''`.execute(db);
}
