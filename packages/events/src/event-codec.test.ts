import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeDataplane,
  decodeMesh,
  decodeZoneIngress,
  EVENT_BUS_MAX_PAYLOAD,
  MAX_RESOURCE_BYTES,
  resourceJsonBytes,
  type Dataplane,
  type Mesh,
  type ZoneIngress,
} from '@kumiko/api';
import { decodeGlobalViewEntry, decodeZoneEvent, encodeGlobalViewEntry, encodeZoneEvent } from './event-codec.js';
import { zoneEventSubject } from './zone-event-subject.js';
import type { ZoneEvent } from './zone-events.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const dataplane: Dataplane = must(
  decodeDataplane({
    type: 'Dataplane',
    mesh: 'default',
    name: 'web.1',
    networking: {
      address: '10.0.0.1',
      inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1' }, serviceProbe: { interval: '1m30s', tcp: {} } }],
      outbound: [{ port: 3000, tags: { 'kuma.io/service': 'db' } }],
    },
  }),
);
const metadata = { eventId: 'e1', zone: 'zone-1', time: '2026-11-22T10:00:00Z', version: 3 };

describe('event codec', () => {
  const events: ZoneEvent[] = [
    { type: 'DataplaneUpserted', data: { dataplane }, metadata },
    { type: 'DataplaneUpserted', data: { dataplane }, metadata: { ...metadata, registeredBy: 'lifecycle' } },
    { type: 'DataplaneDeleted', data: { mesh: 'default', name: 'web.1' }, metadata },
    { type: 'ZoneIngressDeleted', data: { name: 'zi-1' }, metadata },
    { type: 'ZoneHeartbeat', data: { instanceId: 'i1', startedAt: '2026-11-22T09:00:00Z', version: '0.1.0', config: '{}' }, metadata },
  ];
  for (const event of events) {
    it(`given a ${event.type} event${event.metadata.registeredBy === undefined ? '' : ' registered by the lifecycle'}, when encoded and decoded, then it is unchanged`, () => {
      assert.deepEqual(decodeZoneEvent(encodeZoneEvent(event)), { ok: true, value: event });
    });
  }

  it('given a Dataplane event, then its subject names the zone, kind, mesh and escaped name', () => {
    assert.equal(zoneEventSubject(events[0] as ZoneEvent), 'kumiko.zone.zone-1.dataplane.default.web~2E1');
  });

  it('given a Dataplane with a duration, then it travels in Kuma JSON form (proto3 duration string)', () => {
    const json = JSON.parse(new TextDecoder().decode(encodeZoneEvent(events[0] as ZoneEvent))) as {
      data: { dataplane: { networking: { inbound: Array<{ serviceProbe: { interval: unknown } }> } } };
    };
    assert.equal(json.data.dataplane.networking.inbound[0]?.serviceProbe.interval, '90s');
  });

  const malformed: ReadonlyArray<readonly [string, string]> = [
    ['not JSON', '{oops'],
    ['unknown event type', JSON.stringify({ type: 'DataplaneExploded', data: {}, metadata })],
    ['missing metadata', JSON.stringify({ type: 'DataplaneDeleted', data: { mesh: 'm', name: 'n' } })],
    [
      'invalid resource inside',
      JSON.stringify({
        type: 'DataplaneUpserted',
        data: { dataplane: { type: 'Dataplane', networking: { inbound: [{ port: 'eighty' }] } } },
        metadata,
      }),
    ],
  ];
  for (const [description, text] of malformed) {
    it(`given a message that is ${description}, then decoding reports an error instead of throwing`, () => {
      const result = decodeZoneEvent(new TextEncoder().encode(text));
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(result.error.length > 0);
    });
  }

  it('given GLOBAL view entries, then a state and a tombstone round-trip', () => {
    const mesh: Mesh = must(
      decodeMesh({ type: 'Mesh', name: 'default', mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } }),
    );
    const ingress: ZoneIngress = must(
      decodeZoneIngress({ type: 'ZoneIngress', name: 'zi-1-x', zone: 'zone-1', networking: { port: 10001 } }),
    );
    for (const entry of [
      { kind: 'mesh' as const, name: 'default', resource: mesh, outboxId: '1', time: metadata.time },
      { kind: 'zoneingress' as const, name: 'zi-1-x', resource: ingress, outboxId: '2', time: metadata.time },
      { kind: 'zoneingress' as const, name: 'zi-1-x', resource: undefined, outboxId: '3', time: metadata.time },
    ]) {
      assert.deepEqual(decodeGlobalViewEntry(encodeGlobalViewEntry(entry)), { ok: true, value: entry });
    }
  });

  it('given a resource of the largest accepted size and the longest names, then its event and view entry fit on the bus with room for headers', () => {
    const longest = 'n'.repeat(253);
    const sized = (filler: number): Dataplane =>
      must(
        decodeDataplane({
          type: 'Dataplane',
          mesh: longest.slice(0, 63),
          name: longest,
          labels: { 'kuma.io/zone': longest.slice(0, 63), 'kuma.io/display-name': longest.slice(0, 63) },
          networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1' } }] },
          metrics: { name: 'prom', type: 'prometheus', conf: { filler: 'x'.repeat(filler) } },
        }),
      );
    const largest = sized(MAX_RESOURCE_BYTES - resourceJsonBytes(sized(0)));
    assert.equal(resourceJsonBytes(largest), MAX_RESOURCE_BYTES);
    const event: ZoneEvent = {
      type: 'DataplaneUpserted',
      data: { dataplane: largest },
      metadata: { eventId: 'e'.repeat(64), zone: longest, time: '2026-11-22T10:00:00.000000000Z', version: Number.MAX_SAFE_INTEGER },
    };
    const envelope = encodeZoneEvent(event).length - MAX_RESOURCE_BYTES;
    const mesh = must(
      decodeMesh({ type: 'Mesh', name: 'm', metrics: { backends: [{ name: 'p', type: 'prometheus', conf: { filler: 'y' } }] } }),
    );
    const entry = {
      kind: 'mesh' as const,
      mesh: longest,
      name: longest,
      resource: mesh,
      outboxId: 'o'.repeat(64),
      time: event.metadata.time,
    };
    const viewEnvelope = encodeGlobalViewEntry(entry).length - resourceJsonBytes(mesh);
    // headers (message id, expected sequence) take well under 1 KiB; the limit leaves 16 KiB in all
    assert.ok(envelope < 2048, `event envelope ${envelope} bytes`);
    assert.ok(viewEnvelope < 2048, `view entry envelope ${viewEnvelope} bytes`);
    assert.ok(MAX_RESOURCE_BYTES + Math.max(envelope, viewEnvelope) + 1024 <= EVENT_BUS_MAX_PAYLOAD);
  });
});
