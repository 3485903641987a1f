/**
 * @kumiko/events — what zones and the global CP say to each other: subjects (one per resource, with
 * reversible token escaping) and stream definitions.
 *
 * ```ts
 * zoneSubject({ zone: 'zone-1', kind: SubjectKinds.Dataplane, mesh: 'default', name: 'dp-1' });
 * // 'kumiko.zone.zone-1.dataplane.default.dp-1'
 * parseZoneSubject(msg.subject).zone;   // the authenticated zone, never the payload's claim
 * ```
 */
export { decodeGlobalViewEntry, decodeZoneEvent, encodeGlobalViewEntry, encodeZoneEvent } from './event-codec.js';
export type { CodecResult } from './event-codec.js';
export { globalViewEntryKey } from './global-view-entry.js';
export type { GlobalViewEntry, GlobalViewResource, GlobalViewType } from './global-view-entry.js';
export { globalStream, zonesStream } from './stream-definitions.js';
export type { GlobalStreamOptions, StreamDefinition, ZonesStreamOptions } from './stream-definitions.js';
export { escapeToken, SubjectTokenError, unescapeToken } from './subject-token.js';
export {
  ALL_ZONES_FILTER,
  GLOBAL_FILTER,
  globalSubject,
  parseGlobalSubject,
  parseZoneSubject,
  SubjectKinds,
  zoneSubject,
  zoneSubjectFilter,
} from './subjects.js';
export type { ResourceOfKind, ResourceSubjectKind, SubjectKey, SubjectKind, SyncedType, ZoneSubjectKey } from './subjects.js';
export { HEARTBEAT_SUBJECT_NAME, zoneEventKey, zoneEventResource, zoneEventSubject } from './zone-event-subject.js';
export { ZoneEventTypes, zoneEventKind, zoneOwnedDescriptors } from './zone-event-catalogue.js';
export type { ZoneEventKind, ZoneOwnedDescriptor } from './zone-event-catalogue.js';
export type {
  DataplaneDeleted,
  DataplaneInsightUpdated,
  DataplaneUpserted,
  EventMetadata,
  GlobalResourceRef,
  RegisteredBy,
  ResourceDeleted,
  ResourceRef,
  ResourceUpserted,
  ZoneEgressDeleted,
  ZoneEgressUpserted,
  ZoneEvent,
  ZoneEventType,
  ZoneHeartbeat,
  ZoneIngressDeleted,
  ZoneIngressUpserted,
  ZoneOwnedKind,
  ZoneOwnedType,
} from './zone-events.js';
