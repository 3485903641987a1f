import { SubjectKinds, zoneSubject, type SubjectKey } from './subjects.js';
import type { ZoneEvent } from './zone-events.js';

/** The fixed subject name of a zone's heartbeats: one subject per zone, whatever its instances. */
export const HEARTBEAT_SUBJECT_NAME = 'cp';

/** Which resource an event is about: the key of its subject. */
export function zoneEventKey(event: ZoneEvent): SubjectKey {
  switch (event.type) {
    case 'DataplaneUpserted':
      return { kind: SubjectKinds.Dataplane, mesh: event.data.dataplane.mesh, name: event.data.dataplane.name };
    case 'DataplaneDeleted':
      return { kind: SubjectKinds.Dataplane, mesh: event.data.mesh, name: event.data.name };
    case 'DataplaneInsightUpdated':
      return { kind: SubjectKinds.DataplaneInsight, mesh: event.data.insight.mesh, name: event.data.insight.name };
    case 'ZoneIngressUpserted':
      return { kind: SubjectKinds.ZoneIngress, mesh: undefined, name: event.data.zoneIngress.name };
    case 'ZoneIngressDeleted':
      return { kind: SubjectKinds.ZoneIngress, mesh: undefined, name: event.data.name };
    case 'ZoneEgressUpserted':
      return { kind: SubjectKinds.ZoneEgress, mesh: undefined, name: event.data.zoneEgress.name };
    case 'ZoneEgressDeleted':
      return { kind: SubjectKinds.ZoneEgress, mesh: undefined, name: event.data.name };
    case 'ZoneHeartbeat':
      return { kind: SubjectKinds.ZoneHeartbeat, mesh: undefined, name: HEARTBEAT_SUBJECT_NAME };
  }
}

/** `kumiko.zone.<metadata.zone>.<kind>.<mesh>.<name>` for the event. */
export function zoneEventSubject(event: ZoneEvent): string {
  return zoneSubject({ zone: event.metadata.zone, ...zoneEventKey(event) });
}
