import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { NatsConnection } from 'nats';
import { nanoid } from 'nanoid';
import { describeSettings, KUMIKO_VERSION } from '@kumiko/api';
import { connectNats, ensureStream, retryUntilDone } from '@kumiko/bus';
import { globalStream, zonesStream } from '@kumiko/events';
import { createDatabase, migrateToLatest } from '@kumiko/store';
import { globalCpSettings, postgresConnectionString, type GlobalCpConfig } from './global-cp-settings.js';
import { DataplaneFactsIndex } from './dataplane-facts-index.js';
import { MeshService } from './mesh-service.js';
import { OutboxRelay } from './outbox-relay.js';
import { registerApi } from './rest/api-server.js';
import { ZoneLivenessMonitor } from './zone-liveness-monitor.js';
import { ZoneProjector } from './zone-projector.js';
import { ZoneService } from './zone-service.js';

export interface GlobalControlPlane {
  readonly instanceId: string;
  /** The REST API's address, e.g. `http://127.0.0.1:5681`. */
  readonly url: string;
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

/**
 * Starts the global CP: the HTTP server at once (liveness), then — retrying with backoff while
 * Postgres or NATS are unreachable — migrations and the default mesh (from then on the REST API
 * serves from Postgres, even while NATS is down), streams, the zone projector, the outbox relay and
 * the zone liveness monitor. `/ready` answers 200 only once all of them run.
 */
export async function startGlobalControlPlane(config: GlobalCpConfig, logger: Logger, names: GlobalCpNames = DEFAULT_NAMES): Promise<GlobalControlPlane> {
  const instanceId = `global-${nanoid(10)}`;
  logger.info({ instanceId, version: KUMIKO_VERSION, config: describeSettings(globalCpSettings, config) }, 'starting global control plane');
  const db = createDatabase({ connectionString: postgresConnectionString(config), maxConnections: config.postgresMaxConnections });
  const abort = new AbortController();
  const components: { nc?: NatsConnection; projector?: ZoneProjector; relay?: OutboxRelay; liveness?: ZoneLivenessMonitor } = {};
  let isReady = false;
  let storeReady = false;
  const wakeRelay = (): void => components.relay?.wake();
  const facts = new DataplaneFactsIndex(db, { syncIntervalMs: config.insightResyncIntervalMs, logger: logger.child({ component: 'dataplane-facts' }) });
  const meshes = new MeshService(db, { checkpoint: names.projector, onOutbox: wakeRelay, logger: logger.child({ component: 'meshes' }) });
  const zones = new ZoneService(db, { checkpoint: names.projector, onOutbox: wakeRelay, logger: logger.child({ component: 'zones' }) });

  const httpLogger: FastifyBaseLogger = logger.child({ component: 'http' });
  const http: FastifyInstance = Fastify({ loggerInstance: httpLogger, disableRequestLogging: true });
  http.get('/healthy', () => ({ status: 'ok' }));
  http.get('/ready', async (_request, reply) => {
    if (!isReady) return reply.code(503).send({ status: 'starting' });
    return { status: 'ready', projector: components.projector?.stats(), outboxPublished: components.relay?.publishedCount() };
  });
  registerApi(
    http,
    {
      db,
      instanceId,
      facts,
      meshes,
      zones,
      addressPort: (service) => `${service}.${config.dnsDomain}:${config.dnsServiceVipPort}`,
      logger: logger.child({ component: 'rest' }),
    },
    () => storeReady,
  );
  const address = await http.listen({ port: config.apiPort, host: config.apiInterface });

  const retrying = <T>(what: string, step: () => Promise<T>): Promise<T> => retryUntilDone(what, step, { signal: abort.signal, logger });

  const ready = (async () => {
    const applied = await retrying('schema migration', () => migrateToLatest(db));
    if (applied.length > 0) logger.info({ applied }, 'schema migrated');
    if (!config.skipDefaultMeshCreation) await retrying('default mesh', () => meshes.ensureDefault());
    facts.start();
    storeReady = true;
    const nc = await connectNats({
      servers: config.natsUrl.split(','),
      name: instanceId,
      logger: logger.child({ component: 'nats' }),
      ...(config.natsUser === undefined ? {} : { user: config.natsUser }),
      ...(config.natsPassword === undefined ? {} : { password: config.natsPassword }),
      ...(config.natsCredsFile === undefined ? {} : { credsFile: config.natsCredsFile }),
    });
    components.nc = nc;
    const jsm = await retrying('JetStream', () => nc.jetstreamManager());
    await retrying('stream provisioning', async () => {
      await ensureStream(jsm, zonesStream({ name: names.zonesStream, maxMsgsPerSubject: config.zonesMaxMsgsPerSubject }));
      await ensureStream(jsm, globalStream({ name: names.globalStream }));
    });
    const js = nc.jetstream();
    const relay = new OutboxRelay(db, js, { logger: logger.child({ component: 'outbox-relay' }) });
    components.relay = relay;
    relay.start();
    const projector = new ZoneProjector(db, js, jsm, {
      stream: names.zonesStream,
      name: names.projector,
      maxBatch: config.projectorMaxBatch,
      globalInstanceId: instanceId,
      onOutbox: () => relay.wake(),
      logger: logger.child({ component: 'zone-projector' }),
    });
    await retrying('zone projector start', () => projector.start());
    components.projector = projector;
    components.liveness = new ZoneLivenessMonitor(db, { idleTimeoutMs: config.zoneIdleTimeoutMs, logger: logger.child({ component: 'zone-liveness' }) });
    components.liveness.start();
    isReady = true;
    logger.info({ address }, 'global control plane ready');
  })();
  ready.catch((error: unknown) => {
    if (!abort.signal.aborted) logger.error({ err: error }, 'global control plane failed to start');
  });

  return {
    instanceId,
    url: address,
    ready,
    async stop() {
      abort.abort();
      isReady = false;
      storeReady = false;
      await ready.catch(() => undefined);
      await http.close();
      await facts.stop();
      await components.projector?.stop();
      await components.relay?.stop();
      await components.liveness?.stop();
      await components.nc?.drain().catch(() => undefined);
      await db.destroy();
      logger.info('global control plane stopped');
    },
  };
}
