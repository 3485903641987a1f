import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { KumikoDatabase } from './database-schema.js';

// bigint columns (versions, sequences) come back as strings; keep them exact.
export interface DatabaseOptions {
  readonly connectionString: string;
  /** Pool size. Default: 10. */
  readonly maxConnections?: number;
}

/** A kysely instance over a pg pool. No I/O until the first query. */
export function createDatabase(options: DatabaseOptions): Kysely<KumikoDatabase> {
  return new Kysely<KumikoDatabase>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 }),
    }),
  });
}
