import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import {
  createDatabase,
  isZoneOnline,
  migrateToLatest,
  recordHeartbeat,
  type KumikoDatabase,
  type ZoneSubscriptionRow,
} from '@kumiko/store';
import { startPostgres, waitFor, type PostgresServer } from '@kumiko/testing';
import { ZoneLivenessMonitor } from './zone-liveness-monitor.js';

const logger = pino({ level: 'silent' });
const IDLE_MS = 2_000;

describe('ZoneLivenessMonitor on a real Postgres', () => {
  let postgres: PostgresServer;
  const opened: Array<Kysely<KumikoDatabase>> = [];
  const monitors: ZoneLivenessMonitor[] = [];

  before(async () => {
    postgres = await startPostgres();
  });
  after(async () => {
    for (const monitor of monitors) await monitor.stop();
    for (const db of opened) await db.destroy();
    await postgres?.stop();
  });

  /** A database holding one zone whose last projected heartbeat is `ageMs` old. */
  async function zoneLastSeen(ageMs: number): Promise<Kysely<KumikoDatabase>> {
    const db = createDatabase({ connectionString: await postgres.createDatabase(), maxConnections: 2 });
    opened.push(db);
    await migrateToLatest(db);
    const time = new Date(Date.now() - ageMs).toISOString();
    const subscriptions = recordHeartbeat([], { instanceId: 'zone-1-cp', version: '2.13.10', config: '{}', time }, 'global-1');
    await sql`INSERT INTO zones (name, enabled, labels, creation_time, modification_time) VALUES ('zone-1', NULL, '{}', now(), now())`.execute(
      db,
    );
    await sql`INSERT INTO zone_insights (zone, subscriptions, last_heartbeat_at, modification_time)
              VALUES ('zone-1', ${JSON.stringify(subscriptions)}::jsonb, ${time}::timestamptz, now())`.execute(db);
    return db;
  }

  async function online(db: Kysely<KumikoDatabase>): Promise<boolean> {
    const row = await db.selectFrom('zone_insights').select('subscriptions').where('zone', '=', 'zone-1').executeTakeFirstOrThrow();
    return isZoneOnline(row.subscriptions as unknown as ZoneSubscriptionRow[]);
  }

  function monitor(db: Kysely<KumikoDatabase>, projectedThrough: () => number | undefined): ZoneLivenessMonitor {
    const started = new ZoneLivenessMonitor(db, { idleTimeoutMs: IDLE_MS, projectedThrough, logger });
    monitors.push(started);
    started.start();
    return started;
  }

  it('given a projection that is current, then a zone silent for longer than the idle timeout goes offline', async () => {
    const db = await zoneLastSeen(IDLE_MS * 3);
    monitor(db, () => Date.now());
    await waitFor('zone offline', async () => ((await online(db)) ? undefined : true));
  });

  it('given a projection that lags behind (its last message is older than the heartbeat plus the timeout), then the zone stays online', async () => {
    const db = await zoneLastSeen(IDLE_MS * 3);
    const checks: number[] = [];
    monitor(db, () => {
      checks.push(Date.now());
      return Date.now() - IDLE_MS * 3;
    });
    await waitFor('three checks', () => (checks.length >= 3 ? true : undefined));
    assert.equal(await online(db), true);
  });

  it('given a projection that is behind and has handled nothing yet, then no zone is judged', async () => {
    const db = await zoneLastSeen(IDLE_MS * 3);
    const checks: number[] = [];
    monitor(db, () => {
      checks.push(Date.now());
      return undefined;
    });
    await waitFor('three checks', () => (checks.length >= 3 ? true : undefined));
    assert.equal(await online(db), true);
  });
});
