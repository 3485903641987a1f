import { Scopes, type Resource } from '@kumiko/api';
import { SubjectKinds, zoneSubject, type SubjectKey, type SubjectKind } from './subjects.js';
import { zoneEventKind } from './zone-event-catalogue.js';
import type { ZoneEvent } from './zone-events.js';

/** The fixed subject name of a zone's heartbeats: one subject per zone, whatever its instances. */
export const HEARTBEAT_SUBJECT_NAME = 'cp';

/** Which resource an event is about: the key of its subject. */
export function zoneEventKey(event: ZoneEvent): SubjectKey {
  const kind = zoneEventKind(event.type);
  if (kind === undefined) return { kind: SubjectKinds.ZoneHeartbeat, mesh: undefined, name: HEARTBEAT_SUBJECT_NAME };
  const { descriptor, action } = kind;
  const data = event.data as Readonly<Record<string, unknown>>;
  const ref = (action === 'upserted' ? data[descriptor.zoneOrigin.events.payloadField] : data) as {
    readonly mesh?: string;
    readonly name: string;
  };
  return {
    kind: descriptor.subjectKind as SubjectKind,
    mesh: descriptor.scope === Scopes.mesh ? ref.mesh : undefined,
    name: ref.name,
  };
}

/** The resource an upsert event carries; `undefined` for deletions and heartbeats. */
export function zoneEventResource(event: ZoneEvent): Resource | undefined {
  const kind = zoneEventKind(event.type);
  if (kind?.action !== 'upserted') return undefined;
  return (event.data as Readonly<Record<string, unknown>>)[kind.descriptor.zoneOrigin.events.payloadField] as Resource;
}

/** `kumiko.zone.<metadata.zone>.<kind>.<mesh>.<name>` for the event. */
export function zoneEventSubject(event: ZoneEvent): string {
  return zoneSubject({ zone: event.metadata.zone, ...zoneEventKey(event) });
}
