import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { ensureStream } from '@kumiko/bus';
import { globalStream, globalSubject } from '@kumiko/events';
import { createDatabase, migrateToLatest, type KumikoDatabase } from '@kumiko/store';
import { startNats, startPostgres, waitFor, type NatsServer, type PostgresServer } from '@kumiko/testing';
import { OutboxRelay } from './outbox-relay.js';

const logger = pino({ level: 'silent' });

describe('OutboxRelay on real NATS and Postgres', () => {
  let nats: NatsServer;
  let postgres: PostgresServer;
  let nc: NatsConnection;
  let db: Kysely<KumikoDatabase>;
  let relay: OutboxRelay | undefined;

  before(async () => {
    [nats, postgres] = await Promise.all([startNats(), startPostgres()]);
    nc = await connect({ servers: nats.url });
    await ensureStream(await nc.jetstreamManager(), globalStream({ name: 'GLOBAL' }));
    db = createDatabase({ connectionString: await postgres.createDatabase(), maxConnections: 2 });
    await migrateToLatest(db);
  });
  after(async () => {
    await relay?.stop();
    await db?.destroy();
    await nc?.close();
    await Promise.all([nats?.stop(), postgres?.stop()]);
  });

  it('given a row larger than NATS allows before other rows, then it is skipped and counted, and the rows after it are published', async () => {
    // Given: a Secret whose message exceeds NATS's 1 MB payload, then a Mesh.
    const big = { type: 'Secret', mesh: 'default', name: 'too-big', data: Buffer.alloc(1_200_000, 7).toString('base64') };
    await sql`INSERT INTO outbox (kind, mesh, name, zone, resource) VALUES ('secret', 'default', 'too-big', NULL, ${JSON.stringify(big)}::jsonb)`.execute(
      db,
    );
    await sql`INSERT INTO outbox (kind, name, zone, resource) VALUES ('mesh', 'after-big', NULL, ${JSON.stringify({ type: 'Mesh', name: 'after-big' })}::jsonb)`.execute(
      db,
    );

    // When
    relay = new OutboxRelay(db, nc.jetstream(), { logger, pollIntervalMs: 100 });
    relay.start();

    // Then
    await waitFor('outbox drained', async () => {
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM outbox`.execute(db);
      return rows[0]?.n === '0' ? true : undefined;
    });
    const jsm = await nc.jetstreamManager();
    const mesh = await jsm.streams
      .getMessage('GLOBAL', { last_by_subj: globalSubject({ kind: 'mesh', mesh: undefined, name: 'after-big' }) })
      .catch(() => undefined);
    assert.ok(mesh, 'the Mesh after the oversized row was published');
    assert.deepEqual(relay.stats(), { published: 1, skipped: 1 });
  });

  it('given GlobalSecret rows, then only those the registry’s filter lets through reach GLOBAL, and the others are withheld, not skipped', async () => {
    // Given: a private signing key, the admin token and a public key, after what the first test published.
    await relay?.stop();
    for (const name of ['zone-token-signing-key-1', 'admin-user-token', 'zone-token-signing-public-key-1']) {
      const secret = { type: 'GlobalSecret', name, data: Buffer.from(name).toString('base64') };
      await sql`INSERT INTO outbox (kind, name, zone, resource) VALUES ('globalsecret', ${name}, NULL, ${JSON.stringify(secret)}::jsonb)`.execute(
        db,
      );
    }

    // When
    relay = new OutboxRelay(db, nc.jetstream(), { logger, pollIntervalMs: 100 });
    relay.start();

    // Then
    await waitFor('outbox drained', async () => {
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM outbox`.execute(db);
      return rows[0]?.n === '0' ? true : undefined;
    });
    const jsm = await nc.jetstreamManager();
    const published = async (name: string) =>
      (await jsm.streams
        .getMessage('GLOBAL', { last_by_subj: globalSubject({ kind: 'globalsecret', mesh: undefined, name }) })
        .catch(() => undefined)) !== undefined;
    assert.deepEqual(
      await Promise.all(['zone-token-signing-key-1', 'admin-user-token', 'zone-token-signing-public-key-1'].map(published)),
      [false, false, true],
    );
    assert.deepEqual(relay.stats(), { published: 1, skipped: 0 });
  });
});
