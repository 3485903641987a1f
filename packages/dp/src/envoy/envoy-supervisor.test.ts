import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { freePort } from '../test-support/free-port.js';
import { type StandInBehaviour, StandInEnvoy } from '../test-support/stand-in-envoy.js';
import { bootstrapYaml } from '../test-support/test-control-plane.js';
import { EnvoySupervisor, type SupervisorEvent } from './envoy-supervisor.js';

const logger = pino({ level: 'silent' });

describe('EnvoySupervisor', () => {
  const created: StandInEnvoy[] = [];
  after(() => Promise.all(created.map((s) => s.remove())));

  async function setUp(behaviour: StandInBehaviour, killGraceMs = 5_000, initialBackoffMs = 10) {
    const envoy = await StandInEnvoy.create(behaviour);
    created.push(envoy);
    const adminPort = await freePort();
    const configPath = join(envoy.dir, 'bootstrap.yaml');
    await writeFile(configPath, bootstrapYaml(adminPort));
    const events: SupervisorEvent[] = [];
    const supervisor = new EnvoySupervisor({
      binaryPath: envoy.path,
      args: ['--config-path', configPath, '--drain-time-s', '1'],
      logger,
      backoff: { initialMs: initialBackoffMs, maxMs: 40, stableAfterMs: 60_000 },
      killGraceMs,
      output: 'ignore',
      onEvent: (event) => events.push(event),
    });
    return { envoy, supervisor, events, adminPort, configPath };
  }

  it('given an Envoy that crashes twice at start, when supervised, then it is restarted with doubling backoff until it stays up', async () => {
    // given
    const { envoy, supervisor, events, configPath } = await setUp({ crashFirst: 2 });
    // when
    supervisor.start();
    const log = await envoy.waitFor((e) => e.filter((x) => x.event === 'start').length === 3);
    await supervisor.stop();
    // then
    const starts = log.filter((e) => e.event === 'start');
    assert.deepEqual(
      starts.map((e) => e.event === 'start' && e.args),
      Array.from({ length: 3 }, () => ['--config-path', configPath, '--drain-time-s', '1']),
    );
    assert.equal(new Set(starts.map((e) => e.pid)).size, 3);
    const exits = events.filter((e) => e.type === 'exited');
    assert.deepEqual(
      exits.map((e) => e.type === 'exited' && [e.code, e.restartInMs]),
      [
        [1, 10],
        [1, 20],
        [0, undefined],
      ],
    );
    assert.equal(supervisor.pid, undefined);
  });

  it('given a running Envoy with an admin API, when stopped with drain, then it drains first and gets SIGTERM after', async () => {
    // given
    const { envoy, supervisor, adminPort } = await setUp({ serveAdmin: true });
    supervisor.start();
    await envoy.waitFor((e) => e.some((x) => x.event === 'admin-listening'));
    // when
    await supervisor.stop({ admin: { host: '127.0.0.1', port: adminPort }, drainTimeMs: 50 });
    // then
    const log = await envoy.events();
    const order = log
      .filter((e) => e.event === 'admin' || e.event === 'sigterm')
      .map((e) => (e.event === 'admin' ? `${e.method} ${e.url}` : e.event));
    assert.deepEqual(order, ['POST /drain_listeners?inboundonly&graceful', 'sigterm']);
  });

  it('given the admin API is unreachable, when stopped with drain, then Envoy still gets SIGTERM', async () => {
    const { envoy, supervisor } = await setUp({});
    supervisor.start();
    await envoy.waitFor((e) => e.some((x) => x.event === 'start'));
    await supervisor.stop({ admin: { host: '127.0.0.1', port: await freePort() }, drainTimeMs: 60_000 });
    assert.ok((await envoy.events()).some((e) => e.event === 'sigterm'));
  });

  it('given an Envoy that ignores SIGTERM, when stopped, then it is killed with SIGKILL after the grace period', async () => {
    const { envoy, supervisor, events } = await setUp({ ignoreSigterm: true }, 100);
    supervisor.start();
    await envoy.waitFor((e) => e.some((x) => x.event === 'start'));
    await supervisor.stop();
    assert.ok((await envoy.events()).some((e) => e.event === 'sigterm'));
    assert.deepEqual(events.at(-1), { type: 'exited', code: null, signal: 'SIGKILL', restartInMs: undefined });
  });

  it('given an Envoy killed from outside, when supervised, then it is restarted', async () => {
    const { envoy, supervisor, events } = await setUp({});
    supervisor.start();
    const [first] = await envoy.waitFor((e) => e.some((x) => x.event === 'start'));
    process.kill(first?.pid ?? 0, 'SIGKILL');
    await envoy.waitFor((e) => e.filter((x) => x.event === 'start').length === 2);
    assert.ok(events.some((e) => e.type === 'exited' && e.signal === 'SIGKILL' && e.restartInMs === 10));
    await supervisor.stop();
    assert.equal((await envoy.events()).filter((e) => e.event === 'start').length, 2);
  });

  it('given an Envoy waiting to be restarted, when stopped, then it is not started again', async () => {
    // given
    const { envoy, supervisor, events } = await setUp({ crashFirst: 99 }, 5_000, 100);
    supervisor.start();
    for (let i = 0; i < 500 && !events.some((e) => e.type === 'exited'); i++) await new Promise((r) => setTimeout(r, 10));
    // when
    await supervisor.stop();
    await new Promise((r) => setTimeout(r, 300)); // longer than the restart delay
    // then
    assert.equal((await envoy.events()).filter((e) => e.event === 'start').length, 1);
  });
});
