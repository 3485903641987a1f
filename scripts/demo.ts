/**
 * The local multi-zone demo: starts NATS (deploy/nats/nats.conf, one user per zone) and PostgreSQL with
 * their state kept under .kumiko/, then the control planes, prints where everything listens, and stops
 * everything it started on Ctrl-C. Servers use random loopback ports, printed at start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, startNats, startPostgres, waitFor } from '@kumiko/testing';

const root = resolve(import.meta.dirname, '..');
const stateDir = join(root, '.kumiko');
mkdirSync(stateDir, { recursive: true });

/** NATS user passwords, generated once per checkout and kept in .kumiko/secrets.json (git-ignored). */
function natsPasswords(): Record<string, string> {
  const file = join(stateDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  // NATS parses a password variable as config: keep it to letters and digits, starting with a letter.
  const secret = (): string => `k${randomBytes(18).toString('hex')}`;
  const passwords = {
    KUMIKO_NATS_GLOBAL_PASSWORD: secret(),
    KUMIKO_NATS_ZONE_1_PASSWORD: secret(),
    KUMIKO_NATS_ZONE_2_PASSWORD: secret(),
    KUMIKO_NATS_SYS_PASSWORD: secret(),
  };
  writeFileSync(file, JSON.stringify(passwords, null, 2), { mode: 0o600 });
  return passwords;
}

const stops: Array<{ name: string; stop: () => Promise<void> }> = [];

/**
 * Runs `bin/kumiko-cp run` with the given environment, its JSON logs appended to .kumiko/<name>.log,
 * and waits for its /ready endpoint.
 */
async function startControlPlane(name: string, env: Record<string, string>, apiPort: number): Promise<void> {
  const log = join(stateDir, `${name}.log`);
  const out = openSync(log, 'a');
  const child: ChildProcess = spawn(join(root, 'bin/kumiko-cp'), ['run'], { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  stops.push({
    name,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  });
  await waitFor(`${name} ready (log: ${log})`, async () => {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see ${log}`);
    return (await fetch(`http://127.0.0.1:${apiPort}/ready`).then((r) => r.ok, () => false)) ? true : undefined;
  }, { timeoutMs: 60_000, intervalMs: 100 });
}
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping…');
    for (const { name, stop } of stops.reverse()) {
      try {
        await stop();
        console.log(`  stopped ${name}`);
      } catch (error) {
        console.error(`  ${name}: ${String(error)}`);
      }
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  Object.assign(process.env, natsPasswords());
  const nats = await startNats({
    dir: join(stateDir, 'nats'),
    config: readFileSync(join(root, 'deploy/nats/nats.conf'), 'utf8'),
  });
  stops.push({ name: 'nats-server', stop: () => nats.stop() });
  const postgres = await startPostgres({ dir: join(stateDir, 'postgres') });
  stops.push({ name: 'postgres', stop: () => postgres.stop() });

  const passwords = natsPasswords();
  const [globalPort, zone1Port, zone2Port, zone1Xds, zone2Xds] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const common = { KUMA_EVENTS_NATS_URL: nats.url, KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1', KUMA_LOG_LEVEL: 'info' };
  await startControlPlane('global-cp', {
    ...common,
    KUMA_MODE: 'global',
    KUMA_API_SERVER_HTTP_PORT: String(globalPort),
    KUMA_STORE_POSTGRES_HOST: postgres.host,
    KUMA_STORE_POSTGRES_PORT: String(postgres.port),
    KUMA_STORE_POSTGRES_USER: postgres.user,
    KUMA_STORE_POSTGRES_DB_NAME: 'postgres',
    KUMA_EVENTS_NATS_USER: 'global',
    KUMA_EVENTS_NATS_PASSWORD: passwords['KUMIKO_NATS_GLOBAL_PASSWORD'] ?? '',
  }, globalPort);
  for (const [zone, port, xdsPort, password] of [['zone-1', zone1Port, zone1Xds, 'KUMIKO_NATS_ZONE_1_PASSWORD'], ['zone-2', zone2Port, zone2Xds, 'KUMIKO_NATS_ZONE_2_PASSWORD']] as const) {
    await startControlPlane(`${zone}-cp`, {
      ...common,
      KUMA_MODE: 'zone',
      KUMA_MULTIZONE_ZONE_NAME: zone,
      KUMA_API_SERVER_HTTP_PORT: String(port),
      KUMA_DP_SERVER_PORT: String(xdsPort),
      KUMA_EVENTS_NATS_USER: zone,
      KUMA_EVENTS_NATS_PASSWORD: passwords[password] ?? '',
    }, port);
  }

  console.log(`Kumiko local demo (state and logs in ${stateDir})`);
  console.log(`  NATS JetStream  ${nats.url}   (users: global, zone-1, zone-2; passwords in .kumiko/secrets.json)`);
  console.log(`  PostgreSQL      ${postgres.connectionString}`);
  console.log(`  global CP       http://127.0.0.1:${globalPort}/   REST API, e.g. /meshes, /zones/_overview   (log: .kumiko/global-cp.log)`);
  console.log(`  zone-1 CP       http://127.0.0.1:${zone1Port}/meshes/default/dataplanes   ADS on :${zone1Xds}   (log: .kumiko/zone-1-cp.log)`);
  console.log(`  zone-2 CP       http://127.0.0.1:${zone2Port}/meshes/default/dataplanes   ADS on :${zone2Xds}   (log: .kumiko/zone-2-cp.log)`);
  console.log('\nPress Ctrl-C to stop everything.');
} catch (error) {
  console.error(`demo failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
