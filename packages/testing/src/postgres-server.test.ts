import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgres, type PostgresServer } from './postgres-server.js';

async function query<T extends pg.QueryResultRow>(connectionString: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  const started: PostgresServer[] = [];
  after(async () => {
    await Promise.all(started.map((server) => server.stop()));
  });

  it('given two clusters started side by side, then each answers on its own port with its own data', async () => {
    const [a, b] = await Promise.all([startPostgres(), startPostgres()]);
    started.push(a, b);
    assert.notEqual(a.port, b.port);

    await query(a.connectionString, 'CREATE TABLE only_on_a (id int)');
    const onB = await query<{ n: string }>(b.connectionString, "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'only_on_a'");
    assert.equal(onB[0]?.n, '0');
    const version = await query<{ server_version_num: string }>(a.connectionString, 'SHOW server_version_num');
    assert.ok(Number(version[0]?.server_version_num) >= 150000);
  });

  it('given a cluster, when databases are created for two tests, then they are isolated', async () => {
    const server = await startPostgres();
    started.push(server);
    const first = await server.createDatabase();
    const second = await server.createDatabase();
    assert.notEqual(first, second);

    await query(first, "CREATE TABLE t (v text); INSERT INTO t VALUES ('one')");
    const rows = await query<{ v: string }>(first, 'SELECT v FROM t');
    assert.deepEqual(rows, [{ v: 'one' }]);
    await assert.rejects(query(second, 'SELECT v FROM t'), /relation "t" does not exist/);
  });

  it('given a paused cluster, then connections are refused until it resumes on the same port with its data', async () => {
    const server = await startPostgres();
    started.push(server);
    const url = await server.createDatabase();
    await query(url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before')");
    const held = new pg.Client({ connectionString: url });
    await held.connect();
    // An idle client is told twice: the server's 57P01, then the closed socket.
    const errors: unknown[] = [];
    const terminated = new Promise<unknown>((resolve) => held.on('error', (error) => resolve(errors.push(error) && error)));

    await server.pause();
    assert.match(String(await terminated), /terminating connection due to administrator command/);
    assert.equal((errors[0] as { code?: string }).code, '57P01');
    await assert.rejects(query(url, 'SELECT 1'), /ECONNREFUSED/);
    await server.resume();

    assert.deepEqual(await query<{ v: string }>(url, 'SELECT v FROM kept'), [{ v: 'before' }]);
    await server.restart();
    assert.deepEqual(await query<{ v: string }>(url, 'SELECT v FROM kept'), [{ v: 'before' }]);
  });

  it('given a stopped cluster, then its directory is removed and stop is idempotent', async () => {
    const server = await startPostgres();
    await server.stop();
    await server.stop();
    assert.equal(existsSync(server.dir), false);
  });
});
