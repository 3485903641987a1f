import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { connect } from 'nats';
import { hashedName } from '@kumiko/api';
import { readCheckpoint, type KumikoDatabase } from '@kumiko/store';
import { loopbackTlsEnvironment, type NatsServer, type PostgresServer, startNats, startPostgres, waitFor } from '@kumiko/testing';
import { GlobalReplica, startZoneControlPlane, zoneCpSettings } from '@kumiko/zone-cp';
import { loadSettings } from '@kumiko/api';
import { freePort } from '@kumiko/testing';
import {
  dataplane,
  openDatabase,
  openZone,
  silentLogger,
  startGlobalCpProcess,
  zoneIngress,
  type GlobalCpProcess,
} from './pipeline-fixtures.js';

const CHECKPOINT = 'global-projector';

describe('event pipeline: zones → JetStream → global CP process → Postgres → GLOBAL → zones', () => {
  let nats: NatsServer;
  let postgres: PostgresServer;
  let databaseUrl: string;
  let db: Kysely<KumikoDatabase>;
  let global: GlobalCpProcess;

  async function lastZonesSeq(): Promise<number> {
    const nc = await connect({ servers: nats.url });
    try {
      return (await (await nc.jetstreamManager()).streams.info('ZONES')).state.last_seq;
    } finally {
      await nc.close();
    }
  }

  async function projectedUpTo(seq: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(`checkpoint ${seq}`, async () => ((await readCheckpoint(db, CHECKPOINT)) >= seq ? true : undefined), {
      timeoutMs,
      intervalMs: 50,
    });
  }

  before(async () => {
    [nats, postgres] = await Promise.all([startNats(), startPostgres()]);
    databaseUrl = await postgres.createDatabase();
    global = await startGlobalCpProcess(nats.url, databaseUrl, { KUMA_METRICS_ZONE_IDLE_TIMEOUT: '2s' });
    db = openDatabase(databaseUrl);
  });
  after(async () => {
    await global?.process.stop();
    await db?.destroy();
    await Promise.all([nats?.stop(), postgres?.stop()]);
  });

  it('given the global CP is SIGKILLed while it projects and then restarted, then every event is projected exactly once', async () => {
    const zone = await openZone(nats.url, 'kill-zone');
    const count = 1500;
    const names = Array.from({ length: count }, (_, i) => `dp-${i}`);
    const publishAll = async (service: string): Promise<void> => {
      for (let i = 0; i < count; i += 100) {
        await Promise.all(names.slice(i, i + 100).map((name) => zone.store.upsert(dataplane('kill', name, service))));
      }
    };
    await publishAll('v1');
    const second = publishAll('v2'); // keeps publishing while the projector is killed
    await waitFor('projection under way', async () => ((await readCheckpoint(db, CHECKPOINT)) > 0 ? true : undefined), { intervalMs: 5 });
    await global.process.kill();
    await second;
    const killedAt = await readCheckpoint(db, CHECKPOINT);
    await global.restart();
    await projectedUpTo(await lastZonesSeq());

    const { rows } = await sql<{ n: string; versions: string; tagged: string }>`
      SELECT count(*) AS n, string_agg(DISTINCT version::text, ',') AS versions,
             count(*) FILTER (WHERE tag_sets @> '[{"kuma.io/service":"v2"}]') AS tagged
      FROM resources WHERE type = 'Dataplane' AND mesh = 'kill'`.execute(db);
    assert.ok(killedAt < (await lastZonesSeq()), 'the kill happened before the projection finished');
    assert.deepEqual(rows[0], { n: String(count), versions: '2', tagged: String(count) });
    await zone.close();
  });

  it('given NATS restarts while a zone publishes, then nothing is lost', async () => {
    const zone = await openZone(nats.url, 'restart-zone');
    const count = 300;
    const publishing = (async () => {
      for (let i = 0; i < count; i++) await zone.store.upsert(dataplane('restart', `dp-${i}`, 'web'));
    })();
    await waitFor('some published', () => (zone.store.size() >= 50 ? true : undefined), { intervalMs: 5 });
    await nats.restart();
    await publishing;
    await projectedUpTo(await lastZonesSeq());
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM resources WHERE type = 'Dataplane' AND mesh = 'restart'`.execute(
      db,
    );
    assert.equal(rows[0]?.n, String(count));
    await zone.close();
  });

  it('given a zone CP restarts, then it rebuilds the same local state from the stream', async () => {
    const first = await openZone(nats.url, 'rebuild-zone');
    for (let i = 0; i < 20; i++) await first.store.upsert(dataplane('rebuild', `dp-${i}`, `svc-${i % 3}`));
    await first.store.delete('dataplane', 'rebuild', 'dp-7');
    await first.store.upsert(zoneIngress('zi-rebuild'));
    const before = JSON.stringify(
      [...first.store.list('dataplane'), ...first.store.list('zoneingress')].sort((a, b) => a.name.localeCompare(b.name)),
    );
    await first.close();

    const second = await openZone(nats.url, 'rebuild-zone');
    const after = JSON.stringify(
      [...second.store.list('dataplane'), ...second.store.list('zoneingress')].sort((a, b) => a.name.localeCompare(b.name)),
    );
    assert.equal(second.store.size(), 20);
    assert.equal(after, before);
    // and it keeps writing with correct optimistic concurrency after the rebuild
    await second.store.upsert(dataplane('rebuild', 'dp-1', 'changed'));
    await second.close();
  });

  it('given a ZoneIngress deleted in zone-1, then the deletion reaches Postgres and zone-2’s replica', async () => {
    const zone1 = await openZone(nats.url, 'zone-1');
    const zone2 = await connect({ servers: nats.url, inboxPrefix: '_INBOX_zone-2' });
    const replica = new GlobalReplica(zone2.jetstream(), { stream: 'GLOBAL', logger: silentLogger });
    await replica.start();
    const globalName = hashedName('', 'zi-1', 'zone-1');
    assert.equal(globalName, 'zi-1-2d8w9vd5b9fd9xbv');

    await zone1.store.upsert(zoneIngress('zi-1'));
    await waitFor('ingress in zone-2 replica', () => (replica.get('zoneingress', globalName) ? true : undefined));
    const seen = replica.get('zoneingress', globalName);
    assert.equal(seen?.type === 'ZoneIngress' ? seen.zone : undefined, 'zone-1');

    await zone1.store.delete('zoneingress', undefined, 'zi-1');
    await waitFor('ingress gone from zone-2 replica', () => (replica.get('zoneingress', globalName) === undefined ? true : undefined));
    const { rows } = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM resources WHERE type = 'ZoneIngress' AND name = ${globalName}`.execute(db);
    assert.equal(rows[0]?.n, '0');
    await replica.stop();
    await zone2.close();
    await zone1.close();
  });

  it('given a malformed message on a zone subject, then it is counted and skipped with the checkpoint advanced, and later events still apply', async () => {
    const nc = await connect({ servers: nats.url });
    const ack = await nc
      .jetstream()
      .publish('kumiko.zone.bad-zone.dataplane.default.junk', new TextEncoder().encode('{"type":"DataplaneUpserted","data":{}}'));
    const zone = await openZone(nats.url, 'bad-zone');
    await zone.store.upsert(dataplane('default', 'after-junk', 'web'));
    await projectedUpTo(await lastZonesSeq());
    const { rows } = await sql<{ reason: string }>`SELECT reason FROM projection_rejections WHERE stream_seq = ${ack.seq}`.execute(db);
    assert.match(rows[0]?.reason ?? '', /malformed event/);
    const applied = await sql<{ n: string }>`SELECT count(*) AS n FROM resources WHERE display_name = 'after-junk'`.execute(db);
    assert.equal(applied.rows[0]?.n, '1');
    assert.match(global.process.output(), /zone event rejected/);
    await zone.close();
    await nc.close();
  });

  it('given a zone CP that heartbeats and then goes away, then the zone is online, then offline, and its resources stay', async () => {
    const config = loadSettings(zoneCpSettings, {
      KUMA_MULTIZONE_ZONE_NAME: 'live-zone',
      KUMA_API_SERVER_HTTP_PORT: String(await freePort()),
      KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
      ...loopbackTlsEnvironment(),
      KUMA_EVENTS_NATS_URL: nats.url,
      KUMA_DP_SERVER_PORT: '0',
      KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL: '200ms',
    });
    const zone = await startZoneControlPlane(config, silentLogger);
    await zone.ready;
    await zone.store.upsert(dataplane('live', 'dp-1', 'web'));
    const subscriptions = async () =>
      (
        await sql<{
          s: Array<{ disconnectTime?: string; zoneInstanceId: string }>;
        }>`SELECT subscriptions AS s FROM zone_insights WHERE zone = 'live-zone'`.execute(db)
      ).rows[0]?.s ?? [];
    await waitFor('zone online', async () => ((await subscriptions()).some((s) => s.disconnectTime === undefined) ? true : undefined));
    assert.equal((await subscriptions()).at(-1)?.zoneInstanceId, zone.instanceId);

    await zone.stop();
    await waitFor('zone offline', async () => ((await subscriptions()).every((s) => s.disconnectTime !== undefined) ? true : undefined), {
      timeoutMs: 15_000,
    });
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM resources WHERE zone = 'live-zone'`.execute(db);
    assert.equal(rows[0]?.n, '1');
  });
});
