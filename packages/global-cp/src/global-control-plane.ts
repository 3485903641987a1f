import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createApiServer, listenApiHttps } from '@kumiko/rest';
import { loadCpTlsCertificate } from '@kumiko/pki';
import type { Logger } from 'pino';
import type { JetStreamManager, NatsConnection } from 'nats';
import { nanoid } from 'nanoid';
import { describeSettings, KUMIKO_VERSION } from '@kumiko/api';
import { ComponentRunner, ComponentStartError, connectNats, ensureStream, NatsLinkState } from '@kumiko/bus';
import { globalStream, zonesStream } from '@kumiko/events';
import { createDatabase, migrateToLatest } from '@kumiko/store';
import { ensureMeshSigningKeys } from './dataplane-token-signing-keys.js';
import { UserTokenValidator } from './user-token-validator.js';
import { globalCpSettings, postgresConnectionString, type GlobalCpConfig } from './global-cp-settings.js';
import { DataplaneFactsIndex } from './dataplane-facts-index.js';
import { MeshService } from './mesh-service.js';
import { OutboxRelay } from './outbox-relay.js';
import { ensureAdminUserToken } from './admin-user-token.js';
import { ensureGlobalSigningKeys, USER_TOKEN_SIGNING_KEYS, ZONE_TOKEN_SIGNING_KEYS } from './global-token-signing-keys.js';
import { globalOwnedWriter } from './rest/global-owned-writer.js';
import { globalSecretWriter } from './rest/global-secret-writer.js';
import { registerApi } from './rest/api-server.js';
import { StoreHealthProbe } from './store-health-probe.js';
import { ZoneLivenessMonitor } from './zone-liveness-monitor.js';
import { ZoneProjector } from './zone-projector.js';
import { ZoneService } from './zone-service.js';

export interface GlobalControlPlane {
  readonly instanceId: string;
  /** The REST API's address, e.g. `http://127.0.0.1:5681`. */
  readonly url: string;
  /** The HTTPS API's port (`KUMA_API_SERVER_HTTPS_ENABLED`); `undefined` when it is off. */
  readonly httpsPort: number | undefined;
  /** Resolves once the store is migrated (the REST API answers from then on) and the projector and relay run. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/** Stream and consumer names; tests may use their own. */
export interface GlobalCpNames {
  readonly zonesStream: string;
  readonly globalStream: string;
  readonly projector: string;
}

const DEFAULT_NAMES: GlobalCpNames = { zonesStream: 'ZONES', globalStream: 'GLOBAL', projector: 'global-projector' };

/** How often `/ready`'s view of Postgres is refreshed. */
const STORE_PROBE_INTERVAL_MS = 1_000;

/** The last component the REST API needs: once it runs, the store is migrated and the API answers. */
const STORE_READY = 'dataplane-facts';

/**
 * Starts the global CP: the HTTP server at once (liveness), then, in order and retrying with backoff
 * while Postgres or NATS are unreachable, migrations, the default mesh, the token signing keys and the
 * bootstrap admin token (GlobalSecrets), and the dataplane facts
 * (from then on the REST API serves from Postgres, even while NATS is down), NATS, streams, the
 * outbox relay, the zone projector and the zone liveness monitor. `/ready` answers 200 only once
 * all of them run, and afterwards only while Postgres answers, NATS is connected and the projector
 * is not stalled. Neither a Postgres nor a NATS outage stops the process: every component retries
 * until its peer is back and resumes where it was.
 */
export async function startGlobalControlPlane(
  config: GlobalCpConfig,
  logger: Logger,
  names: GlobalCpNames = DEFAULT_NAMES,
): Promise<GlobalControlPlane> {
  const instanceId = `global-${nanoid(10)}`;
  logger.info({ instanceId, version: KUMIKO_VERSION, config: describeSettings(globalCpSettings, config) }, 'starting global control plane');
  const storeLogger = logger.child({ component: 'store' });
  const db = createDatabase({
    connectionString: postgresConnectionString(config),
    maxConnections: config.postgresMaxConnections,
    // Postgres restarting closes pooled connections; the next query reconnects (the probe reports it).
    onConnectionError: (error) => storeLogger.debug({ err: error }, 'pooled Postgres connection closed'),
  });
  const storeHealth = new StoreHealthProbe(db, { intervalMs: STORE_PROBE_INTERVAL_MS, logger: storeLogger });
  let nc: NatsConnection | undefined;
  let link: NatsLinkState | undefined;
  let jsm: JetStreamManager | undefined;
  let relay: OutboxRelay | undefined;
  let projector: ZoneProjector | undefined;
  const wakeRelay = (): void => relay?.wake();
  const facts = new DataplaneFactsIndex(db, {
    syncIntervalMs: config.insightResyncIntervalMs,
    logger: logger.child({ component: 'dataplane-facts' }),
  });
  const meshes = new MeshService(db, { checkpoint: names.projector, onOutbox: wakeRelay, logger: logger.child({ component: 'meshes' }) });
  const zones = new ZoneService(db, { checkpoint: names.projector, onOutbox: wakeRelay, logger: logger.child({ component: 'zones' }) });
  const secrets = globalOwnedWriter(db, 'Secret', {
    checkpoint: names.projector,
    onOutbox: wakeRelay,
    logger: logger.child({ component: 'secrets' }),
  });
  const globalSecrets = globalSecretWriter(db, {
    checkpoint: names.projector,
    onOutbox: wakeRelay,
    logger: logger.child({ component: 'global-secrets' }),
  });
  const liveness = new ZoneLivenessMonitor(db, {
    idleTimeoutMs: config.zoneIdleTimeoutMs,
    projectedThrough: () => projector?.projectedThrough(),
    logger: logger.child({ component: 'zone-liveness' }),
  });
  // Read only by components that start after the ones that set them.
  const connected = (): NatsConnection => nc ?? unset('NATS connection');
  const managed = (): JetStreamManager => jsm ?? unset('JetStream manager');

  // Start order matters (each relies on those before it); they stop in reverse. Named like their
  // child loggers, so the runner's log lines share each component's `component` field.
  const runner = new ComponentRunner(
    [
      {
        name: 'schema',
        retry: true,
        start: async () => {
          const applied = await migrateToLatest(db);
          if (applied.length > 0) logger.info({ applied }, 'schema migrated');
        },
      },
      {
        name: 'default-mesh',
        retry: true,
        start: async () => {
          if (!config.skipDefaultMeshCreation) await meshes.ensureDefault();
          const keyed = await ensureMeshSigningKeys(db, { checkpoint: names.projector });
          if (keyed.length > 0) logger.info({ meshes: keyed }, 'dataplane-token signing keys created for meshes without one');
        },
      },
      {
        // Kuma's defaults of the global CP: the zone- and user-token signing keys, then the bootstrap admin's token.
        name: 'global-secrets',
        retry: true,
        start: async () => {
          const { created } = await ensureGlobalSigningKeys(db, [ZONE_TOKEN_SIGNING_KEYS, USER_TOKEN_SIGNING_KEYS], {
            checkpoint: names.projector,
          });
          if (created.length > 0) logger.info({ created }, 'token signing keys created');
          if (config.bootstrapAdminToken && (await ensureAdminUserToken(db, { checkpoint: names.projector })))
            logger.info('admin user token stored as GlobalSecret admin-user-token');
        },
      },
      { name: 'store-health', start: () => storeHealth.start(), stop: () => storeHealth.stop() },
      { name: STORE_READY, start: () => facts.start(), stop: () => facts.stop() },
      {
        name: 'nats',
        start: async () => {
          nc = await connectNats({
            servers: config.natsUrl.split(','),
            name: instanceId,
            logger: logger.child({ component: 'nats' }),
            ...(config.natsUser === undefined ? {} : { user: config.natsUser }),
            ...(config.natsPassword === undefined ? {} : { password: config.natsPassword }),
            ...(config.natsCredsFile === undefined ? {} : { credsFile: config.natsCredsFile }),
            ...(config.natsTlsCaFile === undefined && config.natsTlsCertFile === undefined
              ? {}
              : { tls: { caFile: config.natsTlsCaFile, certFile: config.natsTlsCertFile, keyFile: config.natsTlsKeyFile } }),
          });
          link = new NatsLinkState(nc);
        },
        stop: () =>
          connected()
            .drain()
            .catch(() => undefined),
      },
      {
        name: 'jetstream',
        retry: true,
        start: async () => {
          jsm = await connected().jetstreamManager();
        },
      },
      {
        name: 'streams',
        retry: true,
        start: async () => {
          await ensureStream(managed(), zonesStream({ name: names.zonesStream, maxMsgsPerSubject: config.zonesMaxMsgsPerSubject }));
          await ensureStream(managed(), globalStream({ name: names.globalStream }));
        },
      },
      {
        name: 'outbox-relay',
        start: () => {
          relay = new OutboxRelay(db, connected().jetstream(), { logger: logger.child({ component: 'outbox-relay' }) });
          relay.start();
        },
        stop: () => relay?.stop(),
      },
      {
        name: 'zone-projector',
        retry: true,
        start: () => {
          projector ??= new ZoneProjector(db, connected().jetstream(), managed(), {
            stream: names.zonesStream,
            name: names.projector,
            maxBatch: config.projectorMaxBatch,
            globalInstanceId: instanceId,
            stallTimeoutMs: config.projectorStallTimeoutMs,
            onOutbox: wakeRelay,
            logger: logger.child({ component: 'zone-projector' }),
          });
          return projector.start();
        },
        stop: () => projector?.stop(),
      },
      { name: 'zone-liveness', start: () => liveness.start(), stop: () => liveness.stop() },
    ],
    { logger },
  );

  const httpLogger: FastifyBaseLogger = logger.child({ component: 'http' });
  const http: FastifyInstance = createApiServer(httpLogger, config);
  http.get('/healthy', () => ({ status: 'ok' }));
  // Ready: every component started, Postgres answers, NATS is connected and the projector is not stalled.
  // Otherwise 503 with the reasons, so an operator (or a load balancer's log) sees what is wrong.
  http.get('/ready', async (_request, reply) => {
    if (!runner.isReady()) return reply.code(503).send({ status: 'starting' });
    const reasons = [
      storeHealth.unreachable(),
      link?.connected() === false ? `NATS disconnected for ${Math.round(link.downForMs() / 1000)} s` : undefined,
      projector?.health().reason,
    ].filter((reason): reason is string => reason !== undefined);
    const body = { projector: projector?.stats(), outbox: relay?.stats() };
    if (reasons.length > 0) return reply.code(503).send({ status: 'not ready', reasons, ...body });
    return { status: 'ready', ...body };
  });
  const userTokens = new UserTokenValidator(db);
  registerApi(
    http,
    {
      db,
      instanceId,
      facts,
      meshes,
      zones,
      secrets,
      globalSecrets,
      addressPort: (service) => `${service}.${config.dnsDomain}:${config.dnsServiceVipPort}`,
      adminAccess: { users: config.adminUsers, groups: config.adminGroups },
      generateDataplaneTokenAccess: { users: config.generateDpTokenUsers, groups: config.generateDpTokenGroups },
      generateZoneTokenAccess: { users: config.generateZoneTokenUsers, groups: config.generateZoneTokenGroups },
      generateUserTokenAccess: { users: config.generateUserTokenUsers, groups: config.generateUserTokenGroups },
      tokenIssuers: { dataplane: config.dataplaneTokenIssuer, zone: config.zoneTokenIssuer, user: config.userTokenIssuer },
      logger: logger.child({ component: 'rest' }),
      authentication: { localhostIsAdmin: config.apiAuthnLocalhostIsAdmin, verifyUserToken: (token) => userTokens.verify(token) },
      writeAccess: { users: config.writeUsers, groups: config.writeGroups },
    },
    () => runner.isReady(STORE_READY),
  );
  const address = await http.listen({ port: config.apiPort, host: config.apiInterface });
  // HTTPS: the listener's own certificate files, else the general certificate (files, or the autogenerated one).
  const https = !config.apiHttpsEnabled
    ? undefined
    : await loadCpTlsCertificate(
        config.apiHttpsTlsCertFile === ''
          ? { certFile: config.generalTlsCertFile, keyFile: config.generalTlsKeyFile, workDir: config.generalWorkDir }
          : { certFile: config.apiHttpsTlsCertFile, keyFile: config.apiHttpsTlsKeyFile, workDir: config.generalWorkDir },
      )
        .then((tls) => listenApiHttps(http, { host: config.apiHttpsInterface, port: config.apiHttpsPort, ...tls }))
        .catch(async (error: unknown) => {
          await http.close();
          throw error;
        });
  if (https !== undefined) logger.info({ host: config.apiHttpsInterface, port: https.port }, 'REST API listening on HTTPS');

  const ready = runner.start().then(() => {
    logger.info({ address }, 'global control plane ready');
  });
  ready.catch((error: unknown) => {
    if (!(error instanceof ComponentStartError && error.code === 'RUNNER_STOPPED'))
      logger.error({ err: error }, 'global control plane failed to start');
  });

  return {
    instanceId,
    url: address,
    httpsPort: https?.port,
    ready,
    // HTTP closes first: no new requests, and those in flight finish against running components.
    async stop() {
      await https?.close();
      await http.close();
      await runner.stop();
      await db.destroy();
      logger.info('global control plane stopped');
    },
  };
}

function unset(what: string): never {
  throw new Error(`${what} used before the component that sets it started`);
}
