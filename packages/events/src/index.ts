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
