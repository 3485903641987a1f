import { decodeDataplane, decodeZoneIngress, type Dataplane, type ZoneIngress } from '@kumiko/api';
import { encodeZoneEvent, zoneEventSubject, type ZoneEvent } from '@kumiko/events';
import type { ZoneStreamMessage } from '../src/zone-batch-plan.js';

/** Test fixtures: decoded resources and ZONES messages built the way a zone CP publishes them. */
export function dataplane(mesh: string, name: string, zone: string, service = 'web', extra: Record<string, unknown> = {}): Dataplane {
  const result = decodeDataplane({
    type: 'Dataplane',
    mesh,
    name,
    networking: {
      address: '10.0.0.1',
      inbound: [{ port: 8080, tags: { 'kuma.io/service': service, 'kuma.io/zone': zone, version: 'v1' } }],
    },
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

export function zoneIngress(name: string, extra: Record<string, unknown> = {}): ZoneIngress {
  const result = decodeZoneIngress({
    type: 'ZoneIngress',
    name,
    networking: { port: 10001, advertisedAddress: '1.2.3.4', advertisedPort: 10001 },
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

export function metadata(zone: string, version = 1): ZoneEvent['metadata'] {
  return { eventId: `e-${Math.random().toString(36).slice(2)}`, zone, time: '2026-11-22T10:00:00.000Z', version };
}

/** A ZONES message for `event`, on the subject of `subjectZone` (defaults to the event's own zone). */
export function message(seq: number, event: ZoneEvent, subjectZone = event.metadata.zone): ZoneStreamMessage {
  return { seq, subject: zoneEventSubject({ ...event, metadata: { ...event.metadata, zone: subjectZone } }), data: encodeZoneEvent(event) };
}
