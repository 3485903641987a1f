import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { KumikoDatabase } from './database-schema.js';

// bigint columns (versions, sequences) come back as strings; keep them exact.
export interface DatabaseOptions {
  readonly connectionString: string;
  /** Pool size. Default: 10. */
  readonly maxConnections?: number;
  /**
   * Told about a pooled connection that failed outside a query (Postgres restarted, the network
   * dropped it). The connection is discarded and the next query opens a new one. Default: ignored.
   */
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * A kysely instance over a pg pool. No I/O until the first query. A connection that Postgres
 * closes — idle in the pool or held between the queries of a transaction — never crashes the
 * process (pg would raise an unhandled 'error' event): the failure reaches the query that uses
 * it, or `onConnectionError` when none does.
 */
export function createDatabase(options: DatabaseOptions): Kysely<KumikoDatabase> {
  const onError = options.onConnectionError ?? ((): void => undefined);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // Every client, idle or checked out (pg-pool listens only while it is idle), for its whole life.
  pool.on('connect', (client) => client.on('error', (error) => onError(error)));
  // pg-pool re-emits an idle client's error on the pool (after discarding it); the listener above
  // reported it already, but an 'error' event nobody listens to would crash the process.
  pool.on('error', () => undefined);
  return new Kysely<KumikoDatabase>({ dialect: new PostgresDialect({ pool }) });
}
