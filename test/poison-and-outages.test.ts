/**
 * No single message and no restart of Postgres or NATS stops the system (real processes: NATS with
 * per-zone users, Postgres, the global CP and two zone CPs).
 *
 * - A zone publishing, under its own NATS user, what the global cannot project (not JSON, a name
 *   Postgres cannot store, a claim on another zone) gets those messages rejected and recorded;
 *   every other message and every other zone still reaches the global, also after a restart.
 * - Postgres restarting (`pg_ctl stop -m fast`) under load leaves the global CP running, not ready
 *   while Postgres is away, and every zone write projected exactly once afterwards.
 * - NATS away: a zone write answers a prompt 503 in Kuma's error shape; once NATS is back, writes
 *   succeed and every acknowledged write reaches the global exactly once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { connect, type NatsConnection } from 'nats';
import { decodeDataplane, type Dataplane } from '@kumiko/api';
import { connectNats, publishToStream } from '@kumiko/bus';
import { encodeZoneEvent, escapeToken, zoneSubject, type ZoneEvent } from '@kumiko/events';
import { listRejections, readCheckpoint, type KumikoDatabase } from '@kumiko/store';
import { startKumikoSystem, waitFor, type KumikoSystem } from '@kumiko/testing';
import { dataplaneBody, rest } from './multizone-fixtures.js';
import { openDatabase, silentLogger } from './pipeline-fixtures.js';

const CHECKPOINT = 'global-projector';
const encoder = new TextEncoder();

function dataplaneNamed(name: string): Dataplane {
  const result = decodeDataplane(dataplaneBody('default', name, { service: 'web' }));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function upserted(zone: string, resource: Dataplane, metadataZone = zone): Uint8Array {
  const event = {
    type: 'DataplaneUpserted',
    data: { dataplane: resource },
    metadata: { eventId: randomBytes(8).toString('hex'), zone: metadataZone, time: new Date().toISOString(), version: 1 },
  } as ZoneEvent;
  return encodeZoneEvent(event);
}

describe('poison messages and outages (global CP, two zone CPs, NATS with per-zone users, Postgres)', () => {
  let system: KumikoSystem;
  let db: Kysely<KumikoDatabase>;

  /** The ZONES stream's last sequence, read as the global user. */
  async function lastZonesSeq(): Promise<number> {
    const nc = await connect({ servers: system.nats.url, ...natsAuth('global') });
    try {
      return (await (await nc.jetstreamManager()).streams.info('ZONES')).state.last_seq;
    } finally {
      await nc.close();
    }
  }

  function natsAuth(user: string): { user: string; pass: string } {
    const login = system.natsLogin(user);
    return { user: login.user, pass: login.password };
  }

  async function projectedUpTo(seq: number, timeoutMs = 60_000): Promise<void> {
    await waitFor(`checkpoint ${seq}`, async () => ((await readCheckpoint(db, CHECKPOINT)) >= seq ? true : undefined), {
      timeoutMs,
      intervalMs: 100,
    });
  }

  /** How many rows of zone `zone` the global holds per display name starting with `prefix`. */
  async function projected(zone: string, prefix: string): Promise<Map<string, { count: number; version: number }>> {
    const { rows } = await sql<{ display_name: string; n: string; version: string }>`
      SELECT display_name, count(*) AS n, max(version) AS version FROM resources
      WHERE type = 'Dataplane' AND zone = ${zone} AND display_name LIKE ${`${prefix}%`} GROUP BY display_name`.execute(db);
    return new Map(rows.map((row) => [row.display_name, { count: Number(row.n), version: Number(row.version) }]));
  }

  async function put(zone: string, name: string): Promise<{ status: number; body: Record<string, unknown> }> {
    return rest(system.zone(zone).url, `/meshes/default/dataplanes/${name}`, 'PUT', dataplaneBody('default', name, { service: 'web' }));
  }

  async function globalReady(): Promise<{ status: number; body: Record<string, unknown> }> {
    return rest(system.global.url, '/ready').catch(() => ({ status: 0, body: {} }));
  }

  before(async () => {
    system = await startKumikoSystem({
      globalEnv: { KUMA_EVENTS_PROJECTOR_STALL_TIMEOUT: '3s' },
      zoneEnv: { KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL: '1s' },
    });
    db = openDatabase(system.databaseUrl);
  });
  after(async () => {
    await db?.destroy();
    await system?.stop();
  });

  it('given a zone publishes a non-JSON message, a Dataplane named with a NUL and a claim on another zone, then only those are rejected and recorded, every other zone keeps projecting, also after a restart', async () => {
    const login = system.natsLogin('zone-1');
    const zone1: NatsConnection = await connectNats({
      servers: system.nats.url,
      user: login.user,
      password: login.password,
      inboxPrefix: `_INBOX_${escapeToken('zone-1')}`,
      name: 'poison-publisher',
      logger: silentLogger,
    });
    const js = zone1.jetstream();
    const publish = async (name: string, payload: Uint8Array): Promise<number> =>
      (
        await publishToStream(js, zoneSubject({ zone: 'zone-1', kind: 'dataplane', mesh: 'default', name }), payload, {
          msgId: randomBytes(8).toString('hex'),
          expectedLastSubjectSequence: 0,
        })
      ).seq;

    // When: three poison messages, the first two bracketed by valid ones in the same zone.
    const before = await publish('poison-before', upserted('zone-1', dataplaneNamed('poison-before')));
    const notJson = await publish('junk', encoder.encode('not json \u0000 at all'));
    const nulName = await publish('a\u0000b', upserted('zone-1', dataplaneNamed('a\u0000b')));
    const foreign = await publish('spoof', upserted('zone-1', dataplaneNamed('spoof'), 'zone-2'));
    const afterPoison = await publish('poison-after', upserted('zone-1', dataplaneNamed('poison-after')));
    await zone1.close();
    assert.equal((await put('zone-2', 'healthy-2')).status, 201);

    // Then: the other zone's write and zone-1's valid ones reach the global, the poison is recorded.
    await projectedUpTo(await lastZonesSeq());
    const zone2Rows = await projected('zone-2', 'healthy-2');
    assert.deepEqual(zone2Rows.get('healthy-2'), { count: 1, version: 1 });
    const zone1Rows = await projected('zone-1', 'poison-');
    assert.deepEqual([...zone1Rows.keys()].sort(), ['poison-after', 'poison-before']);
    assert.ok(before < notJson && afterPoison > foreign);
    const rejections = await listRejections(db, { zone: 'zone-1' });
    assert.deepEqual(
      rejections.map((r) => r.seq),
      [notJson, nulName, foreign],
    );
    const [junk, nul, spoof] = rejections;
    assert.match(junk?.reason ?? '', /malformed event: not JSON/);
    assert.match(junk?.excerpt ?? '', /^not json \\u0000 at all$/);
    assert.match(nul?.reason ?? '', /rejected by Postgres \((22021|22P05)\)/);
    assert.match(nul?.subject ?? '', /\.a~00b$/);
    assert.match(spoof?.reason ?? '', /payload claims metadata.zone "zone-2" but was published by zone "zone-1"/);
    assert.equal((await globalReady()).status, 200);
    const logged = system.global.output().match(/zone event rejected/g) ?? [];
    assert.equal(logged.length, 3, 'each rejection is logged once');

    // When the global CP restarts, it does not stall on them again, and rejects nothing twice.
    await system.global.restart();
    assert.equal((await put('zone-1', 'after-restart')).status, 201);
    await projectedUpTo(await lastZonesSeq());
    assert.deepEqual((await projected('zone-1', 'after-restart')).get('after-restart'), { count: 1, version: 1 });
    assert.equal((await listRejections(db)).length, 3);
    assert.equal((await globalReady()).status, 200);
  });

  it('given Postgres restarts while zones write, then the global CP stays up, is not ready while Postgres is away, and projects every write exactly once', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `pg-load-${i}`);
    const writes = (async () => {
      for (const name of names) {
        const reply = await put('zone-1', name);
        assert.equal(reply.status, 201, `${name}: ${JSON.stringify(reply.body)}`);
        await sleep(50);
      }
    })();
    await sleep(500);

    await system.postgres.pause();
    const notReady = await waitFor(
      'global /ready 503 naming Postgres',
      async () => {
        const reply = await globalReady();
        return reply.status === 503 && JSON.stringify(reply.body).includes('Postgres unreachable') ? reply : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    assert.equal(notReady.body['status'], 'not ready');
    await sleep(1_500);
    assert.equal(system.global.running(), true, 'the global CP is still running while Postgres is away');
    assert.equal((await rest(system.global.url, '/healthy')).status, 200);
    await system.postgres.resume();

    await waitFor('global /ready 200 again', async () => ((await globalReady()).status === 200 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    await writes;
    await projectedUpTo(await lastZonesSeq());
    const rows = await projected('zone-1', 'pg-load-');
    assert.deepEqual([...rows.keys()].sort(), [...names].sort());
    for (const [name, row] of rows) assert.deepEqual(row, { count: 1, version: 1 }, name);
    assert.doesNotMatch(system.global.output(), /Unhandled 'error' event|57P01.*uncaught/);
  });

  it('given NATS goes away while a zone writes, then the write answers 503 in Kuma’s shape at once, and after NATS returns every acknowledged write reaches the global exactly once', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `nats-load-${i}`);
    const outcome = new Map<string, number>();
    let stopWriting = false;
    const writes = (async () => {
      for (const name of names) {
        if (stopWriting) break;
        outcome.set(name, (await put('zone-2', name)).status);
        await sleep(50);
      }
    })();
    await sleep(400);

    await system.nats.kill();
    await sleep(300);
    const started = Date.now();
    const refused = await put('zone-2', 'during-outage');
    const tookMs = Date.now() - started;
    assert.equal(refused.status, 503, JSON.stringify(refused.body));
    assert.ok(tookMs < 5_000, `answered after ${tookMs} ms`);
    assert.equal(refused.body['status'], 503);
    assert.match(String(refused.body['title']), /^Failed to create a resource$/);
    assert.match(String(refused.body['detail']), /event bus \(NATS JetStream\) is unavailable/);
    const zoneReady = await rest(system.zone('zone-2').url, '/ready');
    assert.equal(zoneReady.status, 503, 'the zone reports NATS away');
    assert.match(String((zoneReady.body['reasons'] as string[])[0]), /^NATS disconnected/);

    await system.nats.restart();
    await waitFor('zone-2 writes again', async () => ((await put('zone-2', 'after-outage')).status === 201 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    stopWriting = true;
    await writes;
    // A write refused during the outage is the client's to repeat; repeated, it must land once.
    const repeated = names.filter((name) => outcome.get(name) !== 201 && outcome.get(name) !== 200);
    // (A refused publish may still have been stored: the zone then sees it shortly, and a repeat is an update.)
    for (const name of repeated) {
      await waitFor(`repeat ${name}`, async () => ([200, 201].includes((await put('zone-2', name)).status) ? true : undefined), {
        timeoutMs: 15_000,
        intervalMs: 250,
      });
    }
    for (const status of outcome.values()) assert.ok([200, 201, 503].includes(status), `unexpected status ${status}`);

    await waitFor(
      'zone-2 ready after NATS returned',
      async () => ((await rest(system.zone('zone-2').url, '/ready')).status === 200 ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    await waitFor('global ready after NATS returned', async () => ((await globalReady()).status === 200 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    await projectedUpTo(await lastZonesSeq());
    const rows = await projected('zone-2', 'nats-load-');
    const written = [...outcome.keys()];
    for (const name of written) assert.equal(rows.get(name)?.count, 1, name);
    assert.deepEqual((await projected('zone-2', 'after-outage')).get('after-outage'), { count: 1, version: 1 });
  });
});
