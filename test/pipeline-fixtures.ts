import { resolve } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { decodeDataplane, decodeZoneIngress, type Dataplane, type ZoneIngress } from '@kumiko/api';
import { createDatabase, type KumikoDatabase } from '@kumiko/store';
import { freePort, globalCpEnvironment, kumikoCpCommand, startProcess, type TestProcess } from '@kumiko/testing';
import { ZoneResourceStore } from '@kumiko/zone-cp';
import type { Kysely } from 'kysely';

/** Shared fixtures for the end-to-end scenarios in test/: resources, zones, a global CP process. */
export const repoRoot = resolve(import.meta.dirname, '..');
export const silentLogger = pino({ level: 'silent' });

export function dataplane(mesh: string, name: string, service: string, extra: Record<string, unknown> = {}): Dataplane {
  const result = decodeDataplane({
    type: 'Dataplane',
    mesh,
    name,
    networking: { address: '10.1.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': service, version: 'v1' } }] },
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

export function zoneIngress(name: string, advertisedAddress = '192.0.2.10'): ZoneIngress {
  const result = decodeZoneIngress({ type: 'ZoneIngress', name, networking: { port: 10001, advertisedAddress, advertisedPort: 10001 } });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** A zone's resource store on its own NATS connection, as a zone CP holds it. */
export async function openZone(
  natsUrl: string,
  zone: string,
): Promise<{ store: ZoneResourceStore; nc: NatsConnection; close(): Promise<void> }> {
  const nc = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 100, inboxPrefix: `_INBOX_${zone}` });
  const store = new ZoneResourceStore(nc.jetstream(), { zone, stream: 'ZONES', logger: silentLogger });
  await store.start();
  return {
    store,
    nc,
    async close() {
      await store.stop();
      await nc.close();
    },
  };
}

export interface GlobalCpProcess {
  readonly url: string;
  process: TestProcess;
  restart(): Promise<void>;
}

/** Runs `bin/kumiko-cp run` in global mode as a real process against the given NATS and database. */
export async function startGlobalCpProcess(
  natsUrl: string,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<GlobalCpProcess> {
  const port = await freePort();
  const env = globalCpEnvironment({ natsUrl, databaseUrl, apiPort: port, extra: extraEnv });
  const url = `http://127.0.0.1:${port}`;
  const launch = (): Promise<TestProcess> =>
    startProcess({ command: kumikoCpCommand(), args: ['run'], env, readyUrl: `${url}/ready`, readyTimeoutMs: 60_000 });
  const handle: GlobalCpProcess = {
    url,
    process: await launch(),
    async restart() {
      await handle.process.stop();
      handle.process = await launch();
    },
  };
  return handle;
}

export function openDatabase(databaseUrl: string): Kysely<KumikoDatabase> {
  return createDatabase({ connectionString: databaseUrl, maxConnections: 2 });
}
