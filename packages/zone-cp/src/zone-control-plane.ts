import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createApiServer, listenApiHttps } from '@kumiko/rest';
import { loadCpTlsCertificate } from '@kumiko/pki';
import type { Logger } from 'pino';
import { nanoid } from 'nanoid';
import { describeSettings, isMeshMtlsEnabled, KUMIKO_VERSION, type Secret } from '@kumiko/api';
import { ComponentRunner, ComponentStartError, connectNats, NatsLinkState } from '@kumiko/bus';
import { escapeToken, SubjectKinds } from '@kumiko/events';
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
import { MeshCaSource } from './identity/mesh-ca-source.js';
import { replicaTokenKeys } from './tokens/replica-token-keys.js';
import { replicaUserTokenVerifier } from './tokens/replica-user-token-verifier.js';
import { DpServerAuthenticator } from './dp-authn/dp-server-authenticator.js';
import { ProxyIdentities } from './identity/proxy-identities.js';

export interface ZoneControlPlane {
  readonly instanceId: string;
  readonly url: string;
  /** The DP server's port (`POST /bootstrap`, `GET /dns`, ADS), once ready. */
  xdsPort(): number | undefined;
  /** The HTTPS API's port (`KUMA_API_SERVER_HTTPS_ENABLED`); `undefined` when it is off. */
  readonly httpsPort: number | undefined;
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
 * Starts a zone CP: HTTP at once, then, in order and retrying while NATS is unreachable, the zone's
 * own state from the ZONES stream, the GLOBAL replica, DNS VIPs, MeshViews, the ZoneIngress
 * availableServices updater, insights, the DP server (bootstrap and ADS) and heartbeats. The zone
 * is ready, and its REST API answers instead of 503, once all of them started. The zone's NATS user
 * may publish only its own subjects and uses a private inbox prefix.
 */
export async function startZoneControlPlane(
  config: ZoneCpConfig,
  logger: Logger,
  names: ZoneCpNames = DEFAULT_NAMES,
): Promise<ZoneControlPlane> {
  const instanceId = `${config.zoneName}-${nanoid(10)}`;
  const described = describeSettings(zoneCpSettings, config);
  logger.info({ instanceId, version: KUMIKO_VERSION, config: described }, 'starting zone control plane');

  const nc = await connectNats({
    servers: config.natsUrl.split(','),
    name: instanceId,
    inboxPrefix: `_INBOX_${escapeToken(config.zoneName)}`,
    logger: logger.child({ component: 'nats' }),
    ...(config.natsUser === undefined ? {} : { user: config.natsUser }),
    ...(config.natsPassword === undefined ? {} : { password: config.natsPassword }),
    ...(config.natsCredsFile === undefined ? {} : { credsFile: config.natsCredsFile }),
    ...(config.natsTlsCaFile === undefined && config.natsTlsCertFile === undefined
      ? {}
      : { tls: { caFile: config.natsTlsCaFile, certFile: config.natsTlsCertFile, keyFile: config.natsTlsKeyFile } }),
  });
  const js = nc.jetstream();
  const link = new NatsLinkState(nc);
  const store = new ZoneResourceStore(js, {
    zone: config.zoneName,
    stream: names.zonesStream,
    logger: logger.child({ component: 'zone-store' }),
    connected: () => link.connected(),
  });
  const replica = new GlobalReplica(js, { stream: names.globalStream, logger: logger.child({ component: 'global-replica' }) });
  const dns = new DnsVipTracker(store, replica, {
    zone: config.zoneName,
    cidr: config.dnsServerCidr,
    domain: config.dnsServerDomain,
    logger: logger.child({ component: 'dns-vips' }),
  });
  const meshViews = new ZoneMeshViewBuilder(store, replica, {
    zone: config.zoneName,
    vips: dns,
    logger: logger.child({ component: 'mesh-view' }),
  });
  const availableServices = new AvailableServicesUpdater(store, replica, { logger: logger.child({ component: 'available-services' }) });
  const insights = new DataplaneInsightRecorder(store, {
    instanceId,
    flushIntervalMs: config.dataplaneStatusFlushIntervalMs,
    logger: logger.child({ component: 'insights' }),
  });
  const lifecycle = new ProxyLifecycle(store, {
    zone: config.zoneName,
    deregistrationDelayMs: config.dataplaneDeregistrationDelayMs,
    readResource: (node) => resourceFromNodeMetadata(node.metadata),
    connectedElsewhere: (nodeId) => insights.connectedElsewhere(nodeId),
    logger: logger.child({ component: 'lifecycle' }),
  });
  const identities = new ProxyIdentities(new MeshCaSource(replica));
  const authenticator = new DpServerAuthenticator({
    zone: config.zoneName,
    dpProxyType: config.dpServerAuthnDpProxyType,
    zoneProxyType: config.dpServerAuthnZoneProxyType,
    readResource: (node) => resourceFromNodeMetadata(node.metadata),
    findProxy: (proxyType, mesh, name) => store.findProxy(proxyType, mesh, name),
    registeredByLifecycle: (resource) =>
      store.registeredBy({
        kind: SubjectKinds[resource.type],
        mesh: resource.type === 'Dataplane' ? resource.mesh : undefined,
        name: resource.name,
      }) === 'lifecycle',
    meshSecrets: (mesh, name) => replica.get(SubjectKinds.Secret, name, mesh) as Secret | undefined,
    zoneTokenKeys: replicaTokenKeys(replica, 'zone'),
  });
  const xds = new ZoneXdsService(meshViews, {
    logger: logger.child({ component: 'xds' }),
    ...(authenticator.enabled ? { authenticate: authenticator.authenticate } : {}),
    observers: [lifecycle.observers(), insights.observers()],
    identities,
    onIdentityIssued: (nodeId, identity) =>
      insights.certificateIssued(nodeId, {
        backend: identity.backend,
        issuedAt: identity.issuedAt,
        expiresAt: identity.certificate.notAfter,
      }),
  });
  const isReady = (): boolean => runner.isReady();
  // The general certificate (files, or the autogenerated one) serves every TLS listener without files of its own.
  const generalTls =
    config.dpServerTlsEnabled || (config.apiHttpsEnabled && config.apiHttpsTlsCertFile === '')
      ? await loadCpTlsCertificate({
          certFile: config.generalTlsCertFile,
          keyFile: config.generalTlsKeyFile,
          workDir: config.generalWorkDir,
        })
      : undefined;
  const dpServerTls = config.dpServerTlsEnabled ? generalTls : undefined;
  const apiHttpsTls = !config.apiHttpsEnabled
    ? undefined
    : config.apiHttpsTlsCertFile === ''
      ? generalTls
      : await loadCpTlsCertificate({
          certFile: config.apiHttpsTlsCertFile,
          keyFile: config.apiHttpsTlsKeyFile,
          workDir: config.generalWorkDir,
        });
  const routes = dpHttpRoutes({
    bootstrap: (request) =>
      handleBootstrapRequest(request, {
        meshExists: (mesh) => replica.get(SubjectKinds.Mesh, mesh) !== undefined,
        tokenRequired: (proxyType) => authenticator.tokenRequired(proxyType),
        meshMtlsEnabled: (mesh) => {
          const found = replica.get(SubjectKinds.Mesh, mesh);
          return found?.type === 'Mesh' && isMeshMtlsEnabled(found);
        },
        findResource: (proxyType, mesh, name) => store.findProxy(proxyType, mesh, name),
        adminPortDefault: config.bootstrapAdminPort,
        adminAddress: config.bootstrapAdminAddress,
        xdsHost: config.bootstrapXdsHost,
        xdsPort: config.bootstrapXdsPort === 0 ? (dpServer.port ?? config.dpServerPort) : config.bootstrapXdsPort,
        xdsConnectTimeoutMs: config.bootstrapXdsConnectTimeoutMs,
        dpServerCertPem: dpServerTls?.certPem,
        logger: logger.child({ component: 'bootstrap' }),
      }),
    dnsRefusal: (mesh, authorization) => authenticator.dnsRefusal(mesh, authorization),
    dnsTable: (mesh) => dns.table(mesh),
    isReady,
    logger: logger.child({ component: 'dp-server' }),
  });
  const dpServer = new DpServer({
    grpc: xds.attach(),
    http: routes,
    logger: logger.child({ component: 'dp-server' }),
    ...(dpServerTls === undefined ? {} : { tls: dpServerTls }),
  });
  let heartbeat: ZoneHeartbeatPublisher | undefined;

  // Start order matters (each relies on those before it); they stop in reverse. Named like their
  // child loggers, so the runner's log lines share each component's `component` field.
  const runner = new ComponentRunner(
    [
      { name: 'zone-store', retry: true, start: () => store.start(), stop: () => store.stop() },
      { name: 'global-replica', retry: true, start: () => replica.start(), stop: () => replica.stop() },
      { name: 'dns-vips', start: () => dns.start(), stop: () => dns.stop() },
      { name: 'mesh-view', start: () => meshViews.start(), stop: () => meshViews.stop() },
      { name: 'available-services', start: () => availableServices.start(), stop: () => availableServices.stop() },
      { name: 'insights', start: () => insights.start(), stop: () => insights.stop() },
      {
        name: 'dp-server',
        retry: true,
        start: async () => {
          await dpServer.listen({ host: config.dpServerInterface, port: config.dpServerPort });
        },
        // The lifecycle stops first, so streams closed by the shutdown deregister nothing; ADS
        // stops before the port closes, so its streams end cleanly.
        stop: async () => {
          lifecycle.stop();
          await xds.stop();
          await dpServer.close();
        },
      },
      {
        name: 'heartbeat',
        start: () => {
          heartbeat = new ZoneHeartbeatPublisher(js, {
            zone: config.zoneName,
            instanceId,
            intervalMs: config.heartbeatIntervalMs,
            config: JSON.stringify(described),
            logger: logger.child({ component: 'heartbeat' }),
          });
          heartbeat.start();
        },
        stop: () => heartbeat?.stop(),
      },
    ],
    { logger },
  );

  const httpLogger: FastifyBaseLogger = logger.child({ component: 'http' });
  const http: FastifyInstance = createApiServer(httpLogger, config);
  http.get('/healthy', () => ({ status: 'ok' }));
  http.get('/ready', async (_request, reply) => {
    if (!isReady()) return reply.code(503).send({ status: 'starting' });
    const body = { zone: config.zoneName, dpServerPort: dpServer.port, resources: store.size(), globalReplica: replica.status() };
    // Without NATS the zone still serves proxies what it has, but cannot register, deregister or record anything.
    if (!link.connected()) {
      const reasons = [`NATS disconnected for ${Math.round(link.downForMs() / 1000)} s`];
      return reply.code(503).send({ status: 'not ready', reasons, ...body });
    }
    return { status: 'ready', ...body };
  });
  registerZoneApi(
    http,
    {
      zoneName: config.zoneName,
      instanceId,
      store,
      replica,
      addressPort: (service) => `${service}.${config.dnsServerDomain}:${config.dnsServiceVipPort}`,
      adminAccess: { users: config.adminUsers, groups: config.adminGroups },
      logger: logger.child({ component: 'rest' }),
      authentication: { localhostIsAdmin: config.apiAuthnLocalhostIsAdmin, verifyUserToken: replicaUserTokenVerifier(replica) },
      writeAccess: { users: config.writeUsers, groups: config.writeGroups },
    },
    isReady,
  );
  const url = await http.listen({ port: config.apiPort, host: config.apiInterface });
  const https =
    apiHttpsTls === undefined
      ? undefined
      : await listenApiHttps(http, { host: config.apiHttpsInterface, port: config.apiHttpsPort, ...apiHttpsTls }).catch(
          async (error: unknown) => {
            await http.close();
            throw error;
          },
        );
  if (https !== undefined) logger.info({ host: config.apiHttpsInterface, port: https.port }, 'REST API listening on HTTPS');

  const ready = runner.start().then(() => {
    logger.info({ url, dpServerPort: dpServer.port, resources: store.size() }, 'zone control plane ready');
  });
  ready.catch((error: unknown) => {
    if (!(error instanceof ComponentStartError && error.code === 'RUNNER_STOPPED'))
      logger.error({ err: error }, 'zone control plane failed to start');
  });

  return {
    instanceId,
    url,
    xdsPort: () => dpServer.port,
    httpsPort: https?.port,
    store,
    replica,
    ready,
    // HTTP closes first: no new requests, and those in flight finish against running components.
    async stop() {
      await https?.close();
      await http.close();
      await runner.stop();
      await nc.drain().catch(() => undefined);
      logger.info('zone control plane stopped');
    },
  };
}
