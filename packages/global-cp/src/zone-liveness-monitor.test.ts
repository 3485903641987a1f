import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { Writable } from 'node:stream';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery, type DatabaseConnection, type QueryResult } from 'kysely';
import { pino } from 'pino';
import type { KumikoDatabase, ZoneSubscriptionRow } from '@kumiko/store';
import { ZoneLivenessMonitor } from './zone-liveness-monitor.js';

/*
 * The monitor driven by mocked timers and clock (no waiting), over a stand-in connection that keeps
 * zone insights in memory and answers the store's "mark silent zones offline" read and update. It
 * fails loudly on any other statement.
 */

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const IDLE_MS = 40_000;

interface ZoneInsight {
  lastHeartbeatAt: Date;
  subscriptions: ZoneSubscriptionRow[];
}

class FakeZoneInsights {
  readonly zones = new Map<string, ZoneInsight>();
  failing = false;

  heardFrom(zone: string, at: number): void {
    const time = new Date(at).toISOString();
    this.zones.set(zone, {
      lastHeartbeatAt: new Date(at),
      subscriptions: [{ id: `cp/${time}`, globalInstanceId: 'g', zoneInstanceId: 'cp', connectTime: time, status: { lastUpdateTime: time }, version: { kumaCp: { version: 'v' } }, config: '{}' }],
    });
  }

  disconnectTime(zone: string): string | undefined {
    return this.zones.get(zone)?.subscriptions.at(-1)?.disconnectTime;
  }

  answer(query: CompiledQuery): QueryResult<unknown> {
    if (this.failing) throw new Error('connection refused');
    const text = query.sql.replace(/\s+/g, ' ').trim();
    const params = query.parameters as readonly unknown[];
    if (text.startsWith('SELECT zone, subscriptions FROM zone_insights')) {
      const silentSince = params[0] as Date;
      const rows = [...this.zones.entries()]
        .filter(([, z]) => z.lastHeartbeatAt < silentSince && z.subscriptions.some((s) => s.disconnectTime === undefined))
        .map(([zone, z]) => ({ zone, subscriptions: z.subscriptions }));
      return { rows };
    }
    if (text.startsWith('update "zone_insights" set "subscriptions"')) {
      const [subscriptions, , zone] = params as [string, Date, string];
      const insight = this.zones.get(zone);
      if (insight) insight.subscriptions = JSON.parse(subscriptions) as ZoneSubscriptionRow[];
      return { rows: [], numAffectedRows: 1n };
    }
    throw new Error(`the fake zone insights do not answer: ${text}`);
  }

  database(): Kysely<KumikoDatabase> {
    const connection: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery) => this.answer(query) as QueryResult<R>,
      streamQuery: () => {
        throw new Error('not streamed');
      },
    };
    return new Kysely<KumikoDatabase>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
        createDriver: () => ({
          init: async () => undefined,
          acquireConnection: async () => connection,
          beginTransaction: async () => undefined,
          commitTransaction: async () => undefined,
          rollbackTransaction: async () => undefined,
          releaseConnection: async () => undefined,
          destroy: async () => undefined,
        }),
      },
    });
  }
}

/** A pino logger whose lines the test can read. */
function capturingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines };
}

/** Lets the check started by a timer finish (its queries are promise chains, not timers). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('zone liveness monitor', () => {
  let insights: FakeZoneInsights;
  let log: ReturnType<typeof capturingLogger>;
  let monitor: ZoneLivenessMonitor;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: T0 });
    insights = new FakeZoneInsights();
    log = capturingLogger();
    monitor = new ZoneLivenessMonitor(insights.database(), { idleTimeoutMs: IDLE_MS, logger: log.logger });
  });

  afterEach(async () => {
    await monitor.stop();
    mock.timers.reset();
  });

  async function advance(ms: number): Promise<void> {
    mock.timers.tick(ms);
    await settle();
  }

  it('given a zone silent for longer than the idle timeout, when a check runs, then its open subscription is closed at that time and a warning names it', async () => {
    insights.heardFrom('zone-1', T0 - IDLE_MS - 1);
    insights.heardFrom('zone-2', T0 - 1_000);
    monitor.start();
    await advance(IDLE_MS / 4);

    assert.equal(insights.disconnectTime('zone-1'), new Date(T0 + IDLE_MS / 4).toISOString());
    assert.equal(insights.disconnectTime('zone-2'), undefined, 'heard from within the timeout: still online');
    assert.deepEqual(
      log.lines.map((line) => [line.msg, line.zone]),
      [['zone went offline (no heartbeat); its resources are kept', 'zone-1']],
    );
  });

  it('given a zone that stops beating, then it is marked offline by the first check after its timeout, and only once', async () => {
    insights.heardFrom('zone-1', T0);
    monitor.start();
    await advance(IDLE_MS);
    assert.equal(insights.disconnectTime('zone-1'), undefined, 'silent for exactly the timeout: not yet');
    await advance(IDLE_MS / 4);
    assert.equal(insights.disconnectTime('zone-1'), new Date(T0 + IDLE_MS + IDLE_MS / 4).toISOString());
    await advance(IDLE_MS);
    assert.equal(log.lines.length, 1, 'an offline zone is not reported again');
  });

  it('given the database fails during a check, then a warning is logged and the next check still marks silent zones', async () => {
    insights.heardFrom('zone-1', T0 - 2 * IDLE_MS);
    insights.failing = true;
    monitor.start();
    await advance(IDLE_MS / 4);
    assert.deepEqual(log.lines.map((line) => line.msg), ['zone liveness check failed']);
    insights.failing = false;
    await advance(IDLE_MS / 4);
    assert.notEqual(insights.disconnectTime('zone-1'), undefined);
  });

  it('given the monitor is stopped, then silent zones are no longer marked', async () => {
    insights.heardFrom('zone-1', T0);
    monitor.start();
    await monitor.stop();
    await advance(3 * IDLE_MS);
    assert.equal(insights.disconnectTime('zone-1'), undefined);
  });

  it('given a very short idle timeout, then checks are still spaced at least 250 ms apart', async () => {
    const fast = new ZoneLivenessMonitor(insights.database(), { idleTimeoutMs: 100, logger: log.logger });
    insights.heardFrom('zone-1', T0 - 1_000);
    fast.start();
    await advance(249);
    assert.equal(insights.disconnectTime('zone-1'), undefined);
    await advance(1);
    assert.notEqual(insights.disconnectTime('zone-1'), undefined);
    await fast.stop();
  });
});
