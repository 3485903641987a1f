import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initialSchema from './migrations/0001-initial-schema.js';
import * as apiReadPaths from './migrations/0002-api-read-paths.js';
import * as meshScopedGlobalView from './migrations/0003-mesh-scoped-global-view.js';
import * as projectionRejectionsDetail from './migrations/0004-projection-rejections-detail.js';
import type { KumikoDatabase } from './database-schema.js';

/** Every migration, in order. Names sort in application order. */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial-schema': initialSchema,
  '0002-api-read-paths': apiReadPaths,
  '0003-mesh-scoped-global-view': meshScopedGlobalView,
  '0004-projection-rejections-detail': projectionRejectionsDetail,
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};

/** An arbitrary constant identifying Kumiko's migration lock among advisory locks. */
const MIGRATION_LOCK_ID = 7_358_417_001;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code = 'MIGRATION_FAILED';
}

/**
 * Brings the schema up to date. Several replicas may start at once: they serialise on a
 * session-level advisory lock held on one connection, and the later ones find nothing to do.
 * Returns the names of the migrations this call applied.
 */
export async function migrateToLatest(db: Kysely<KumikoDatabase>): Promise<string[]> {
  return db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(connection);
    try {
      const { error, results } = await new Migrator({ db: connection, provider }).migrateToLatest();
      if (error) throw new MigrationError(`schema migration failed: ${String(error)}`, { cause: error });
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(connection);
    }
  });
}
