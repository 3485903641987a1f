import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { decodeDataplane, type Dataplane } from '@kumiko/api';
import { ensureStream, publishToStream } from '@kumiko/bus';
import { encodeZoneEvent, zoneSubject, zonesStream, type ZoneEvent } from '@kumiko/events';
import { createDatabase, listRejections, migrateToLatest, readCheckpoint, type KumikoDatabase } from '@kumiko/store';
import { startNats, startPostgres, waitFor, type NatsServer, type PostgresServer } from '@kumiko/testing';
import { ZoneProjector } from './zone-projector.js';

const logger = pino({ level: 'silent' });
const encoder = new TextEncoder();

function dataplaneNamed(name: string): Dataplane {
  const result = decodeDataplane({
    type: 'Dataplane',
    mesh: 'default',
    name,
    networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function upserted(zone: string, resource: Dataplane): Uint8Array {
  const metadata = { eventId: randomBytes(8).toString('hex'), zone, time: new Date().toISOString(), version: 1 };
  return encodeZoneEvent({ type: 'DataplaneUpserted', data: { dataplane: resource }, metadata } as ZoneEvent);
}

describe('ZoneProjector on real NATS and Postgres', () => {
  let postgres: PostgresServer;
  const cleanups: Array<() => Promise<unknown>> = [];

  before(async () => {
    postgres = await startPostgres();
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await postgres?.stop();
  });

  /** A NATS server and database of its own, and a projector factory; zones are named `zone-<suffix>`. */
  async function setUp(stallTimeoutMs = 30_000): Promise<{
    db: Kysely<KumikoDatabase>;
    zone: (suffix: string) => string;
    publishRaw: (zone: string, name: string, payload: Uint8Array) => Promise<number>;
    publishDataplane: (zone: string, name: string) => Promise<number>;
    projector: () => ZoneProjector;
  }> {
    const nats: NatsServer = await startNats();
    const nc: NatsConnection = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    cleanups.push(
      () => nats.stop(),
      () => nc.close(),
    );
    const stream = 'ZONES';
    const zone = (suffix: string): string => `zone-${suffix}`;
    await ensureStream(await nc.jetstreamManager(), zonesStream({ name: stream }));
    const db = createDatabase({ connectionString: await postgres.createDatabase(), maxConnections: 4 });
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    const publishRaw = async (zoneName: string, name: string, payload: Uint8Array): Promise<number> =>
      (
        await publishToStream(js, zoneSubject({ zone: zoneName, kind: 'dataplane', mesh: 'default', name }), payload, {
          msgId: randomBytes(8).toString('hex'),
        })
      ).seq;
    return {
      db,
      zone,
      publishRaw,
      publishDataplane: (zoneName, name) => publishRaw(zoneName, name, upserted(zoneName, dataplaneNamed(name))),
      projector: () => {
        const projector = new ZoneProjector(db, js, jsm, {
          stream,
          name: 'projector',
          maxBatch: 500,
          globalInstanceId: 'global-test',
          stallTimeoutMs,
          onOutbox: () => undefined,
          logger,
        });
        cleanups.push(() => projector.stop());
        return projector;
      },
    };
  }

  async function dataplaneRows(db: Kysely<KumikoDatabase>): Promise<Array<{ display_name: string; version: string }>> {
    const { rows } = await sql<{ display_name: string; version: string }>`
      SELECT display_name, version FROM resources WHERE type = 'Dataplane' ORDER BY display_name`.execute(db);
    return rows;
  }

  async function projectedUpTo(db: Kysely<KumikoDatabase>, seq: number): Promise<void> {
    await waitFor(`checkpoint ${seq}`, async () => ((await readCheckpoint(db, 'projector')) >= seq ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
  }

  it('given one batch holding a message Postgres refuses among valid ones, then only that message is rejected and every other one is applied exactly once, also after a restart', async () => {
    const { db, zone, publishRaw, publishDataplane, projector } = await setUp();
    const names: string[] = [];
    let refused = 0;
    let notJson = 0;
    let last = 0;
    // Given: everything published before the projector starts, so it arrives as one batch.
    for (let i = 0; i < 120; i++) {
      if (i === 60) refused = await publishDataplane(zone('a'), 'nul\u0000name');
      if (i === 90) notJson = await publishRaw(zone('b'), 'junk', encoder.encode('{"truncated'));
      const name = `dp-${String(i).padStart(3, '0')}`;
      names.push(name);
      last = await publishDataplane(zone(i % 2 === 0 ? 'a' : 'b'), name);
    }

    // When
    const first = projector();
    await first.start();
    await projectedUpTo(db, last);

    // Then
    const rows = await dataplaneRows(db);
    assert.deepEqual(
      rows.map((row) => row.display_name),
      names,
    );
    assert.ok(rows.every((row) => row.version === '1'));
    const rejections = await listRejections(db);
    assert.deepEqual(
      rejections.map((r) => [r.seq, r.zone]),
      [
        [refused, zone('a')],
        [notJson, zone('b')],
      ],
    );
    assert.match(rejections[0]?.reason ?? '', /^rejected by Postgres \(22021\): invalid byte sequence for encoding "UTF8": 0x00/);
    assert.match(rejections[0]?.excerpt ?? '', /"name":"nul\\u0000name"/);
    assert.match(rejections[1]?.reason ?? '', /^malformed event: not JSON/);
    assert.equal(first.stats().rejected, 2);
    assert.ok(first.stats().isolatedBatches >= 1);
    assert.deepEqual(first.health(), { stalled: false });

    // When restarted (a new projector from the checkpoint), nothing is applied or rejected again.
    await first.stop();
    const second = projector();
    await second.start();
    last = await publishDataplane(zone('b'), 'after-restart');
    await projectedUpTo(db, last);
    assert.equal((await dataplaneRows(db)).filter((row) => row.version !== '1').length, 0);
    assert.equal((await listRejections(db)).length, 2);
    assert.equal(second.stats().rejected, 0);
  });

  it('given Postgres goes away while messages are pending, then the projector reports itself stalled with the reason, and resumes exactly where it was once Postgres is back', async () => {
    const { db, zone, publishDataplane, projector } = await setUp(500);
    const running = projector();
    await running.start();
    await projectedUpTo(db, await publishDataplane(zone('a'), 'before-outage'));

    await postgres.pause();
    let last = 0;
    for (let i = 0; i < 20; i++) last = await publishDataplane(zone('a'), `during-${i}`);
    const stalled = await waitFor('stalled', () => (running.health().stalled ? running.health() : undefined), {
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    assert.match(stalled.reason ?? '', /^batches failing for \d+ s: /);
    await postgres.resume();

    await projectedUpTo(db, last);
    const rows = await dataplaneRows(db);
    assert.equal(rows.length, 21);
    assert.ok(rows.every((row) => row.version === '1'));
    assert.deepEqual(running.health(), { stalled: false });
    assert.equal((await listRejections(db)).length, 0);
  });
});
