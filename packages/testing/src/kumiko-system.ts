import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { globalCpEnvironment, zoneCpEnvironment, type NatsLogin } from './control-plane-environment.js';
import { startControlPlaneProcess, type ControlPlaneProcess } from './control-plane-process.js';
import { freePort } from './free-port.js';
import { natsSecurityConfig } from './nats-security-config.js';
import { startNats, type NatsServer } from './nats-server.js';
import { startPostgres, type PostgresServer } from './postgres-server.js';

export interface KumikoSystemOptions {
  /** Zone names, plain subject tokens; each gets a zone CP and a NATS user of its name. Default: `zone-1`, `zone-2`. */
  readonly zones?: readonly string[];
  /** Settings of the global CP on top of the harness's (e.g. `KUMA_METRICS_ZONE_IDLE_TIMEOUT`). Default: none. */
  readonly globalEnv?: Readonly<Record<string, string>>;
  /** Settings of every zone CP, or of each zone (e.g. `KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL`). Default: none. */
  readonly zoneEnv?: Readonly<Record<string, string>> | ((zone: string) => Readonly<Record<string, string>>);
  /** `KUMA_LOG_LEVEL` of every CP. Default: `warn`. */
  readonly logLevel?: string;
  /**
   * Where NATS (`<dir>/nats`) and Postgres (`<dir>/postgres`, database `postgres`) keep their state,
   * kept after `stop()` (the local demo). Default: throwaway directories and a fresh database, removed by `stop()`.
   */
  readonly stateDir?: string;
  /** Passwords of the NATS users (`global`, each zone, `sys`). Default: random ones. */
  readonly natsPasswords?: Readonly<Record<string, string>>;
  /** The control plane executable. Default: this checkout's `bin/kumiko-cp`. */
  readonly command?: string;
  /** Per control plane (re)start. Default: 60 s. */
  readonly readyTimeoutMs?: number;
}

/** A zone CP process; `restart()` brings it back on the same API and DP server ports. */
export interface ZoneCpProcess extends ControlPlaneProcess {
  readonly zone: string;
  readonly apiPort: number;
  /** `KUMA_DP_SERVER_PORT`. */
  readonly dpServerPort: number;
  /** `127.0.0.1:<dp server port>`: where ADS clients (Envoy, grpc-js-xds, XdsTestClient) connect. */
  readonly adsAddress: string;
  /** `http://127.0.0.1:<dp server port>`: `POST /bootstrap` and `GET /dns`, kumiko-dp's `--cp-address`. */
  readonly dpServerUrl: string;
}

/** Something else started against the system (a kumiko-dp, a load client) that `stop()` must stop too. */
export interface Stoppable {
  stop(): Promise<unknown>;
}

export interface KumikoSystem {
  /** NATS with the per-zone users and permissions of deploy/nats/nats.conf (natsSecurityConfig). */
  readonly nats: NatsServer;
  readonly postgres: PostgresServer;
  /** The global CP's database. */
  readonly databaseUrl: string;
  /** The global CP; `url` is its REST API. */
  readonly global: ControlPlaneProcess;
  /** Zone CPs in the order of `options.zones`. */
  readonly zones: readonly ZoneCpProcess[];
  /** The zone CP of `name`; throws for an unknown zone. */
  zone(name: string): ZoneCpProcess;
  /** How a client logs in to NATS as `global` (full access to Kumiko's account) or as a zone. */
  natsLogin(user: string): NatsLogin;
  /** Registers `resource` to be stopped by `stop()`, before the control planes, last registered first. */
  track<T extends Stoppable>(resource: T): T;
  /** Stops everything it started, also after a partial failure. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_ZONES = ['zone-1', 'zone-2'];
const PORT_ATTEMPTS = 3;

/** NATS parses a password as config: letters and digits, starting with a letter. */
const randomPassword = (): string => `k${randomBytes(18).toString('hex')}`;

/**
 * Starts a whole Kumiko deployment as real processes on loopback: NATS JetStream with one user per
 * zone, a throwaway Postgres, the global CP (`kumiko-cp run`, KUMA_MODE=global), then every zone CP
 * (KUMA_MODE=zone) under its own NATS user, each on free ports. Resolves once every CP's `/ready`
 * answers 200. Every process is also killed at exit if a test fails before `stop()`.
 *
 * ```ts
 * const system = await startKumikoSystem({ zoneEnv: { KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL: '250ms' } });
 * after(() => system.stop());
 * await fetch(`${system.zone('zone-1').url}/meshes/default/dataplanes/dp-1`, { method: 'PUT', body });
 * await system.zone('zone-2').kill();      // SIGKILL
 * await system.zone('zone-2').restart();   // same ports, state rebuilt from NATS
 * ```
 */
export async function startKumikoSystem(options: KumikoSystemOptions = {}): Promise<KumikoSystem> {
  const zoneNames = [...(options.zones ?? DEFAULT_ZONES)];
  const passwords: Record<string, string> = {};
  for (const user of ['global', 'sys', ...zoneNames]) passwords[user] = options.natsPasswords?.[user] ?? randomPassword();
  const natsLogin = (user: string): NatsLogin => {
    const password = passwords[user];
    if (password === undefined || user === 'sys') throw new Error(`no NATS user ${user} in this system`);
    return { user, password };
  };

  const tracked: Stoppable[] = [];
  const started: { nats?: NatsServer; postgres?: PostgresServer; global?: ControlPlaneProcess; zones: ZoneCpProcess[] } = { zones: [] };
  let stopping: Promise<void> | undefined;
  const stopAll = async (): Promise<void> => {
    const failures: unknown[] = [];
    const attempt = async (stop: () => Promise<unknown>): Promise<void> => {
      await stop().catch((error: unknown) => failures.push(error));
    };
    for (const resource of tracked.splice(0).reverse()) await attempt(() => resource.stop());
    await Promise.all(started.zones.map((zone) => attempt(() => zone.stop())));
    if (started.global) await attempt(() => started.global?.stop() ?? Promise.resolve());
    await Promise.all([started.nats, started.postgres].map((server) => (server ? attempt(() => server.stop()) : undefined)));
    if (failures.length > 0) throw new AggregateError(failures, 'some parts of the Kumiko system did not stop cleanly');
  };
  const stop = (): Promise<void> => (stopping ??= stopAll());

  try {
    const config = natsSecurityConfig({ zones: zoneNames, passwords });
    const [nats, postgres] = await Promise.all([
      startNats({ config, ...(options.stateDir === undefined ? {} : { dir: join(options.stateDir, 'nats') }) }).then(
        (server) => (started.nats = server),
      ),
      startPostgres(options.stateDir === undefined ? {} : { dir: join(options.stateDir, 'postgres') }).then(
        (server) => (started.postgres = server),
      ),
    ]);
    const databaseUrl = options.stateDir === undefined ? await postgres.createDatabase() : postgres.connectionString;
    const processOptions = { command: options.command, readyTimeoutMs: options.readyTimeoutMs };
    const logLevel = options.logLevel;

    started.global = await withFreePorts(({ api }) =>
      startControlPlaneProcess({
        ...processOptions,
        name: 'global-cp',
        env: globalCpEnvironment({
          natsUrl: nats.url,
          databaseUrl,
          apiPort: api,
          nats: natsLogin('global'),
          logLevel,
          extra: options.globalEnv,
        }),
      }),
    );
    const zoneEnv = (zone: string): Readonly<Record<string, string>> | undefined =>
      typeof options.zoneEnv === 'function' ? options.zoneEnv(zone) : options.zoneEnv;
    // allSettled: a zone that failed must not leave another one starting unseen by stop().
    const outcomes = await Promise.allSettled(
      zoneNames.map(async (zone) => {
        const cp = await withFreePorts(async ({ api, dp }) => {
          const launched = await startControlPlaneProcess({
            ...processOptions,
            name: `${zone}-cp`,
            env: zoneCpEnvironment({
              zone,
              natsUrl: nats.url,
              apiPort: api,
              dpServerPort: dp,
              nats: natsLogin(zone),
              logLevel,
              extra: zoneEnv(zone),
            }),
          });
          return zoneProcess(launched, zone, api, dp);
        });
        started.zones.push(cp);
      }),
    );
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const zones = zoneNames.map((name) => started.zones.find((zone) => zone.zone === name) as ZoneCpProcess);
    const global = started.global;
    return {
      nats,
      postgres,
      databaseUrl,
      global,
      zones,
      zone(name) {
        const found = zones.find((zone) => zone.zone === name);
        if (found === undefined) throw new Error(`no zone ${name} in this system (zones: ${zoneNames.join(', ')})`);
        return found;
      },
      natsLogin,
      track(resource) {
        tracked.push(resource);
        return resource;
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

function zoneProcess(cp: ControlPlaneProcess, zone: string, apiPort: number, dpServerPort: number): ZoneCpProcess {
  return { ...cp, zone, apiPort, dpServerPort, adsAddress: `127.0.0.1:${dpServerPort}`, dpServerUrl: `http://127.0.0.1:${dpServerPort}` };
}

/**
 * Runs `start` with two distinct free ports (an API and a DP server port); when another process
 * took one of them in the meantime (the CP exits with EADDRINUSE), tries again with new ones.
 */
async function withFreePorts<T>(start: (ports: { api: number; dp: number }) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const api = await freePort();
    let dp = await freePort();
    while (dp === api) dp = await freePort();
    try {
      return await start({ api, dp });
    } catch (error) {
      const portTaken = error instanceof Error && /EADDRINUSE/.test(error.message);
      if (!portTaken || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}
