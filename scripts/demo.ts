/**
 * The local multi-zone demo: starts NATS (deploy/nats/nats.conf, one user per zone) and PostgreSQL with
 * their state kept under .kumiko/, then the control planes, prints where everything listens, and stops
 * everything it started on Ctrl-C. Servers use random loopback ports, printed at start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startNats, startPostgres } from '@kumiko/testing';

const root = resolve(import.meta.dirname, '..');
const stateDir = join(root, '.kumiko');
mkdirSync(stateDir, { recursive: true });

/** NATS user passwords, generated once per checkout and kept in .kumiko/secrets.json (git-ignored). */
function natsPasswords(): Record<string, string> {
  const file = join(stateDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const secret = (): string => randomBytes(18).toString('base64url');
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

  console.log(`Kumiko local demo (state in ${stateDir})`);
  console.log(`  NATS JetStream  ${nats.url}   (users: global, zone-1, zone-2; passwords in .kumiko/secrets.json)`);
  console.log(`  PostgreSQL      ${postgres.connectionString}`);
  console.log('\nPress Ctrl-C to stop everything.');
} catch (error) {
  console.error(`demo failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
