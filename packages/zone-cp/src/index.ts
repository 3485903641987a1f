/**
 * @kumiko/zone-cp — a zone control plane: its own state kept in (and rebuilt from) the ZONES
 * stream, the replica of the global view, heartbeats, and (later) REST, bootstrap and xDS.
 *
 * ```ts
 * const zone = await startZoneControlPlane(loadSettings(zoneCpSettings, process.env), logger);
 * await zone.ready;
 * await zone.store.upsertDataplane(dataplane);     // resolves after JetStream acknowledged it
 * zone.replica.onChange((change) => ...);          // other zones' ZoneIngresses, meshes, ...
 * ```
 */
export { GlobalReplica } from './global-replica.js';
export type { GlobalReplicaChange, ReplicaStatus } from './global-replica.js';
export { startZoneControlPlane } from './zone-control-plane.js';
export type { ZoneControlPlane, ZoneCpNames } from './zone-control-plane.js';
export { zoneCpSettings } from './zone-cp-settings.js';
export type { ZoneCpConfig } from './zone-cp-settings.js';
export { ZoneHeartbeatPublisher } from './zone-heartbeat.js';
export { ZoneResourceStore } from './zone-resource-store.js';
export type { ZoneResource, ZoneResourceStoreOptions, ZoneStoreChange } from './zone-resource-store.js';
