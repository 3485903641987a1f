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
export type { GlobalViewEntry, GlobalViewResource } from './global-view-entry.js';
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
export type { SubjectKey, SubjectKind, ZoneSubjectKey } from './subjects.js';
export { HEARTBEAT_SUBJECT_NAME, zoneEventKey, zoneEventSubject } from './zone-event-subject.js';
export { ZoneEventTypes } from './zone-events.js';
export type {
  DataplaneDeleted,
  DataplaneInsightUpdated,
  DataplaneUpserted,
  EventMetadata,
  GlobalResourceRef,
  ResourceRef,
  ZoneEgressDeleted,
  ZoneEgressUpserted,
  ZoneEvent,
  ZoneEventType,
  ZoneHeartbeat,
  ZoneIngressDeleted,
  ZoneIngressUpserted,
} from './zone-events.js';
