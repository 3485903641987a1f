import { connect, type NatsConnection } from 'nats';
import type { Kysely } from 'kysely';
import { decodeDataplaneInsight, decodeZoneEgress, loadSettings, type DataplaneInsight, type ZoneEgress } from '@kumiko/api';
import { globalCpSettings, startGlobalControlPlane, type GlobalControlPlane, type GlobalCpNames } from '@kumiko/global-cp';
import { readCheckpoint, type KumikoDatabase } from '@kumiko/store';
import { freePort, loopbackTlsEnvironment, type NatsServer, type PostgresServer, startNats, startPostgres, waitFor } from '@kumiko/testing';
import { GlobalReplica, ZoneHeartbeatPublisher } from '@kumiko/zone-cp';
import { openDatabase, silentLogger } from './pipeline-fixtures.js';

/** Fixtures for the global REST API scenarios: a real global CP (in process) on real NATS and Postgres. */

export interface ApiEnvironment {
  readonly nats: NatsServer;
  readonly postgres: PostgresServer;
  readonly databaseUrl: string;
  readonly db: Kysely<KumikoDatabase>;
  global: GlobalControlPlane;
  /** Starts another global CP on the same NATS with its own names, database and settings. */
  startGlobal(env?: Record<string, string>, names?: GlobalCpNames, databaseUrl?: string): Promise<GlobalControlPlane>;
  /** Restarts the main global CP (same database). */
  restartGlobal(): Promise<void>;
  /** Waits until the main global CP has projected everything in ZONES so far. */
  projected(): Promise<void>;
  stop(): Promise<void>;
}

export const FAST_SETTINGS = { KUMA_METRICS_ZONE_IDLE_TIMEOUT: '1s', KUMA_METRICS_MESH_MIN_RESYNC_INTERVAL: '100ms' };

export async function startApiEnvironment(env: Record<string, string> = {}): Promise<ApiEnvironment> {
  const [nats, postgres] = await Promise.all([startNats(), startPostgres()]);
  const databaseUrl = await postgres.createDatabase();
  const db = openDatabase(databaseUrl);
  const others: GlobalControlPlane[] = [];
  const start = async (extra: Record<string, string>, names?: GlobalCpNames, url = databaseUrl): Promise<GlobalControlPlane> => {
    const database = new URL(url);
    const config = loadSettings(globalCpSettings, {
      KUMA_API_SERVER_HTTP_PORT: String(await freePort()),
      KUMA_API_SERVER_HTTP_INTERFACE: '127.0.0.1',
      ...loopbackTlsEnvironment(),
      KUMA_STORE_POSTGRES_HOST: database.hostname,
      KUMA_STORE_POSTGRES_PORT: database.port,
      KUMA_STORE_POSTGRES_USER: decodeURIComponent(database.username),
      KUMA_STORE_POSTGRES_DB_NAME: database.pathname.slice(1),
      KUMA_EVENTS_NATS_URL: nats.url,
      ...FAST_SETTINGS,
      ...extra,
    });
    const cp = await startGlobalControlPlane(config, silentLogger, names);
    await cp.ready;
    return cp;
  };
  const environment: ApiEnvironment = {
    nats,
    postgres,
    databaseUrl,
    db,
    global: await start(env),
    async startGlobal(extra = {}, names, url) {
      const cp = await start(extra, names, url);
      others.push(cp);
      return cp;
    },
    async restartGlobal() {
      await environment.global.stop();
      environment.global = await start(env);
    },
    async projected() {
      const nc = await connect({ servers: nats.url });
      const last = (await (await nc.jetstreamManager()).streams.info('ZONES')).state.last_seq;
      await nc.close();
      await waitFor(`projection through ${last}`, async () => ((await readCheckpoint(db, 'global-projector')) >= last ? true : undefined), {
        intervalMs: 20,
      });
    },
    async stop() {
      for (const cp of others) await cp.stop();
      await environment.global.stop();
      await db.destroy();
      await Promise.all([nats.stop(), postgres.stop()]);
    },
  };
  return environment;
}

export interface ApiResponse {
  readonly status: number;
  // Black-box JSON as the API sends it.
  readonly body: Record<string, unknown> & { items?: Array<Record<string, unknown>>; total?: number; next?: string | null };
}

/** One HTTP request to the global CP's REST API. */
/**
 * Headers that make a request from the test look like a remote client's (it came through a proxy), so the control
 * plane does not treat it as the localhost admin.
 */
export const REMOTE_CLIENT: Readonly<Record<string, string>> = Object.freeze({ 'x-forwarded-for': '203.0.113.9' });

export async function api(
  base: string,
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as ApiResponse['body']) };
}

/** Every item of a list, following `next` links; also returns the pages seen. */
export async function listAll(
  base: string,
  path: string,
): Promise<{ items: Array<Record<string, unknown>>; pages: ApiResponse['body'][] }> {
  const items: Array<Record<string, unknown>> = [];
  const pages: ApiResponse['body'][] = [];
  let url: string | null = `${base}${path}`;
  while (url !== null) {
    const response = await fetch(url);
    const body = (await response.json()) as ApiResponse['body'];
    pages.push(body);
    items.push(...(body.items ?? []));
    url = body.next ?? null;
    if (pages.length > 100) throw new Error('too many pages');
  }
  return { items, pages };
}

export function insight(mesh: string, name: string, state: 'online' | 'offline', issuedBackend?: string): DataplaneInsight {
  const time = '2026-11-22T10:00:00Z';
  const result = decodeDataplaneInsight({
    type: 'DataplaneInsight',
    mesh,
    name,
    subscriptions: [
      { id: `${name}-1`, controlPlaneInstanceId: 'zone-cp', connectTime: time, ...(state === 'offline' ? { disconnectTime: time } : {}) },
    ],
    ...(issuedBackend === undefined ? {} : { mTLS: { issuedBackend, supportedBackends: [issuedBackend] } }),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

export function zoneEgress(name: string): ZoneEgress {
  const result = decodeZoneEgress({ type: 'ZoneEgress', name, networking: { address: '192.0.2.20', port: 10002 } });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** A zone CP's heartbeat on its own connection: the zone is online while it runs. */
export async function heartbeat(natsUrl: string, zone: string): Promise<{ stop(): Promise<void> }> {
  const nc = await connect({ servers: natsUrl });
  const publisher = new ZoneHeartbeatPublisher(nc.jetstream(), {
    zone,
    instanceId: `${zone}-cp`,
    intervalMs: 200,
    config: '{}',
    logger: silentLogger,
  });
  publisher.start();
  return {
    async stop() {
      await publisher.stop();
      await nc.close();
    },
  };
}

/** Another zone's replica of the GLOBAL view. */
export async function openReplica(natsUrl: string): Promise<{ replica: GlobalReplica; nc: NatsConnection; close(): Promise<void> }> {
  const nc = await connect({ servers: natsUrl });
  const replica = new GlobalReplica(nc.jetstream(), { stream: 'GLOBAL', logger: silentLogger });
  await replica.start();
  return {
    replica,
    nc,
    async close() {
      await replica.stop();
      await nc.close();
    },
  };
}
