/**
 * @kumiko/zone-cp — a zone control plane: its own state kept in (and rebuilt from) the ZONES
 * stream, the replica of the global view, heartbeats, the zone REST API, and the MeshView → xDS
 * (ADS) server with the ZoneIngress availableServices updater. (Bootstrap, proxy lifecycle and DNS: later.)
 *
 * ```ts
 * const zone = await startZoneControlPlane(loadSettings(zoneCpSettings, process.env), logger);
 * await zone.ready;
 * await zone.store.upsertDataplane(dataplane);     // resolves after JetStream acknowledged it
 * zone.replica.onChange((change) => ...);          // other zones' ZoneIngresses, meshes, ...
 * zone.xdsPort();                                  // where Envoy / proxyless gRPC clients connect (ADS)
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
