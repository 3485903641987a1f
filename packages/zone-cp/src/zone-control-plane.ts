import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { nanoid } from 'nanoid';
import { describeSettings, KUMIKO_VERSION } from '@kumiko/api';
import { connectNats, retryUntilDone } from '@kumiko/bus';
import { escapeToken, SubjectKinds } from '@kumiko/events';
import type { AdsCallbacks } from '@kumiko/xds';
import { GlobalReplica } from './global-replica.js';
import { registerZoneApi } from './rest/zone-api-server.js';
import { ZoneHeartbeatPublisher } from './zone-heartbeat.js';
import { ZoneResourceStore } from './zone-resource-store.js';
import { zoneCpSettings, type ZoneCpConfig } from './zone-cp-settings.js';
import { handleBootstrapRequest } from './bootstrap/bootstrap-handler.js';
import { resourceFromNodeMetadata } from './bootstrap/proxy-resource-metadata.js';
import { DnsVipTracker } from './dns/dns-vip-tracker.js';
import { dpHttpRoutes } from './dp-server/dp-http-routes.js';
import { DpServer } from './dp-server/dp-server.js';
import { DataplaneInsightRecorder } from './insights/dataplane-insight-recorder.js';
import { ProxyLifecycle } from './lifecycle/proxy-lifecycle.js';
import { AvailableServicesUpdater } from './xds/available-services-updater.js';
import { ZoneMeshViewBuilder } from './xds/zone-mesh-view-builder.js';
import { ZoneXdsService } from './xds/zone-xds-service.js';

export interface ZoneControlPlane {
  readonly instanceId: string;
  readonly url: string;
  /** The DP server's port (`POST /bootstrap`, `GET /dns`, ADS), once ready. */
  xdsPort(): number | undefined;
  readonly store: ZoneResourceStore;
  readonly replica: GlobalReplica;
  /** Resolves once the zone's own state is rebuilt and the global replica caught up. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export interface ZoneCpNames {
  readonly zonesStream: string;
  readonly globalStream: string;
}

const DEFAULT_NAMES: ZoneCpNames = { zonesStream: 'ZONES', globalStream: 'GLOBAL' };

/**
 * Starts a zone CP: HTTP at once, then (retrying while NATS is unreachable) the zone's own state
 * from the ZONES stream, the GLOBAL replica, the MeshView → xDS (ADS) server, the ZoneIngress
 * availableServices updater and heartbeats. The zone's NATS user may publish only
 * its own subjects and uses a private inbox prefix.
 */
export async function startZoneControlPlane(config: ZoneCpConfig, logger: Logger, names: ZoneCpNames = DEFAULT_NAMES): Promise<ZoneControlPlane> {
  const instanceId = `${config.zoneName}-${nanoid(10)}`;
  const described = describeSettings(zoneCpSettings, config);
  logger.info({ instanceId, version: KUMIKO_VERSION, config: described }, 'starting zone control plane');
  const abort = new AbortController();
  let nc: NatsConnection | undefined;
  let isReady = false;
  let heartbeat: ZoneHeartbeatPublisher | undefined;

  nc = await connectNats({
    servers: config.natsUrl.split(','),
    name: instanceId,
    inboxPrefix: `_INBOX_${escapeToken(config.zoneName)}`,
    logger: logger.child({ component: 'nats' }),
    ...(config.natsUser === undefined ? {} : { user: config.natsUser }),
    ...(config.natsPassword === undefined ? {} : { password: config.natsPassword }),
    ...(config.natsCredsFile === undefined ? {} : { credsFile: config.natsCredsFile }),
  });
  const js = nc.jetstream();
  const store = new ZoneResourceStore(js, { zone: config.zoneName, stream: names.zonesStream, logger: logger.child({ component: 'zone-store' }) });
  const replica = new GlobalReplica(js, { stream: names.globalStream, logger: logger.child({ component: 'global-replica' }) });
  const dns = new DnsVipTracker(store, replica, { zone: config.zoneName, cidr: config.dnsServerCidr, domain: config.dnsServerDomain, logger: logger.child({ component: 'dns-vips' }) });
  const meshViews = new ZoneMeshViewBuilder(store, replica, { zone: config.zoneName, vips: dns, logger: logger.child({ component: 'mesh-view' }) });
  const availableServices = new AvailableServicesUpdater(store, replica, { logger: logger.child({ component: 'available-services' }) });
  const insights = new DataplaneInsightRecorder(store, { instanceId, flushIntervalMs: config.dataplaneStatusFlushIntervalMs, logger: logger.child({ component: 'insights' }) });
  const lifecycle = new ProxyLifecycle(store, {
    zone: config.zoneName,
    deregistrationDelayMs: config.dataplaneDeregistrationDelayMs,
    readResource: (node) => resourceFromNodeMetadata(node.metadata),
    connectedElsewhere: (nodeId) => insights.connectedElsewhere(nodeId),
    logger: logger.child({ component: 'lifecycle' }),
  });
  const xds = new ZoneXdsService(meshViews, { logger: logger.child({ component: 'xds' }), observers: combineObservers(lifecycle.observers(), insights.observers()) });
  let dpServer: DpServer | undefined;

  const httpLogger: FastifyBaseLogger = logger.child({ component: 'http' });
  const http: FastifyInstance = Fastify({ loggerInstance: httpLogger, disableRequestLogging: true });
  http.get('/healthy', () => ({ status: 'ok' }));
  http.get('/ready', async (_request, reply) => {
    if (!isReady) return reply.code(503).send({ status: 'starting' });
    return { status: 'ready', zone: config.zoneName, dpServerPort: dpServer?.port, resources: store.size(), globalReplica: replica.status() };
  });
  registerZoneApi(http, { zoneName: config.zoneName, store, replica, logger: logger.child({ component: 'rest' }) }, () => isReady);
  const url = await http.listen({ port: config.apiPort, host: config.apiInterface });

  const retrying = <T>(what: string, step: () => Promise<T>): Promise<T> => retryUntilDone(what, step, { signal: abort.signal, logger });

  const ready = (async () => {
    await retrying('zone state rebuild', () => store.start());
    await retrying('global replica', () => replica.start());
    dns.start();
    meshViews.start();
    availableServices.start();
    insights.start();
    const routes = dpHttpRoutes({
      bootstrap: (request) =>
        handleBootstrapRequest(request, {
          meshExists: (mesh) => replica.get(SubjectKinds.Mesh, mesh) !== undefined,
          findResource: (proxyType, mesh, name) => store.findProxy(proxyType, mesh, name),
          adminPortDefault: config.bootstrapAdminPort,
          adminAddress: config.bootstrapAdminAddress,
          xdsHost: config.bootstrapXdsHost,
          xdsPort: config.bootstrapXdsPort === 0 ? (dpServer?.port ?? config.dpServerPort) : config.bootstrapXdsPort,
          xdsConnectTimeoutMs: config.bootstrapXdsConnectTimeoutMs,
          logger: logger.child({ component: 'bootstrap' }),
        }),
      dnsTable: (mesh) => dns.table(mesh),
      isReady: () => isReady,
      logger: logger.child({ component: 'dp-server' }),
    });
    const server = new DpServer({ grpc: xds.attach(), http: routes, logger: logger.child({ component: 'dp-server' }) });
    await retrying('DP server', () => server.listen({ host: '0.0.0.0', port: config.dpServerPort }));
    dpServer = server;
    heartbeat = new ZoneHeartbeatPublisher(js, {
      zone: config.zoneName,
      instanceId,
      intervalMs: config.heartbeatIntervalMs,
      config: JSON.stringify(described),
      logger: logger.child({ component: 'heartbeat' }),
    });
    heartbeat.start();
    isReady = true;
    logger.info({ url, dpServerPort: dpServer.port, resources: store.size() }, 'zone control plane ready');
  })();
  ready.catch((error: unknown) => {
    if (!abort.signal.aborted) logger.error({ err: error }, 'zone control plane failed to start');
  });

  return {
    instanceId,
    url,
    xdsPort: () => dpServer?.port,
    store,
    replica,
    ready,
    async stop() {
      abort.abort();
      isReady = false;
      await ready.catch(() => undefined);
      await http.close();
      await heartbeat?.stop();
      lifecycle.stop();
      await xds.stop();
      await dpServer?.close();
      await insights.stop();
      meshViews.stop();
      dns.stop();
      await availableServices.stop();
      await store.stop();
      await replica.stop();
      await nc?.drain().catch(() => undefined);
      nc = undefined;
      logger.info('zone control plane stopped');
    },
  };
}

/** Calls both observers' callbacks, `first` before `second`. */
function combineObservers(first: AdsCallbacks, second: AdsCallbacks): AdsCallbacks {
  const keys = ['streamOpened', 'streamClosed', 'responseSent', 'ackReceived', 'nackReceived'] as const;
  const combined: Record<string, (event: never) => void> = {};
  for (const key of keys) {
    const a = first[key] as ((event: never) => void) | undefined;
    const b = second[key] as ((event: never) => void) | undefined;
    if (a !== undefined || b !== undefined) {
      combined[key] = (event) => {
        a?.(event);
        b?.(event);
      };
    }
  }
  return combined as AdsCallbacks;
}
