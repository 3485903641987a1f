/**
 * @kumiko/zone-cp — a zone control plane: its own state kept in (and rebuilt from) the ZONES
 * stream, the replica of the global view, heartbeats, the zone REST API, the MeshView → xDS (ADS)
 * server with the ZoneIngress availableServices updater, and the DP server: `POST /bootstrap`,
 * `GET /dns` and ADS on one port, proxies registered on ADS connect and deregistered after the
 * delay, DataplaneInsights, and DNS VIPs.
 *
 * ```ts
 * const zone = await startZoneControlPlane(loadSettings(zoneCpSettings, process.env), logger);
 * await zone.ready;
 * await zone.store.upsert(dataplane);     // resolves after JetStream acknowledged it
 * zone.replica.onChange((change) => ...);          // other zones' ZoneIngresses, meshes, ...
 * zone.xdsPort();                                  // the DP server: kumiko-dp's /bootstrap, Envoy's and gRPC's ADS
 * ```
 */
export { GlobalReplica } from './global-replica.js';
export type { GlobalReplicaChange, ReplicaStatus } from './global-replica.js';
export { registerZoneApi } from './rest/zone-api-server.js';
export type { ZoneApiContext } from './rest/zone-api-context.js';
export { startZoneControlPlane } from './zone-control-plane.js';
export type { ZoneControlPlane, ZoneCpNames } from './zone-control-plane.js';
export { zoneCpSettings } from './zone-cp-settings.js';
export type { ZoneCpConfig } from './zone-cp-settings.js';
export { ZoneHeartbeatPublisher } from './zone-heartbeat.js';
export { ZoneResourceStore } from './zone-resource-store.js';
export type { ZoneResource, ZoneResourceStoreOptions, ZoneStoreChange } from './zone-resource-store.js';
export { AvailableServicesUpdater } from './xds/available-services-updater.js';
export type { AvailableServicesStore, AvailableServicesUpdaterOptions } from './xds/available-services-updater.js';
export { buildZoneMeshView, ZoneMeshViewBuilder } from './xds/zone-mesh-view-builder.js';
export type { ZoneMeshViewBuilderOptions } from './xds/zone-mesh-view-builder.js';
export type { GlobalStateSource, ZoneStateSource } from './xds/zone-state-sources.js';
export { ZoneXdsService } from './xds/zone-xds-service.js';
export type { MeshViewSource, ZoneXdsListen, ZoneXdsServiceOptions } from './xds/zone-xds-service.js';
export { MeshCaSource, MeshCaUnavailableError } from './identity/mesh-ca-source.js';
export type { MeshCa, SecretSource } from './identity/mesh-ca-source.js';
export { ProxyIdentities } from './identity/proxy-identities.js';
export type { ProxyIdentitiesOptions, ProxyIdentity, ProxyIdentityRequest } from './identity/proxy-identities.js';
export { DATAPLANE_TOKEN_REQUIRED, handleBootstrapRequest } from './bootstrap/bootstrap-handler.js';
export type { BootstrapDeps, BootstrapInput } from './bootstrap/bootstrap-handler.js';
export { bootstrapRequestSchema } from './bootstrap/bootstrap-request.js';
export type { BootstrapRequest } from './bootstrap/bootstrap-request.js';
export { readProxyResource, resourceFromNodeMetadata } from './bootstrap/proxy-resource-metadata.js';
export { allocateVips, parseVipCidr, VipCidrError } from './dns/dns-vip-allocator.js';
export { DnsVipTracker } from './dns/dns-vip-tracker.js';
export type { DnsVipTrackerOptions } from './dns/dns-vip-tracker.js';
export { DpAuthenticationError, DpServerAuthenticator } from './dp-authn/dp-server-authenticator.js';
export type { DpServerAuthenticatorOptions } from './dp-authn/dp-server-authenticator.js';
export type { DpProxyAuthnType, ZoneProxyAuthnType } from './dp-authn/authn-type.js';
export { replicaTokenKeys } from './tokens/replica-token-keys.js';
export type { GlobalTokenKeys, GlobalTokenKind } from './tokens/replica-token-keys.js';
export { dpHttpRoutes } from './dp-server/dp-http-routes.js';
export type { DnsTable, DpHttpReply } from './dp-server/dp-http-routes.js';
export { DpServer } from './dp-server/dp-server.js';
export { DataplaneInsightRecorder } from './insights/dataplane-insight-recorder.js';
export { ProxyLifecycle } from './lifecycle/proxy-lifecycle.js';
export type { ProxyResource } from './lifecycle/proxy-lifecycle.js';
