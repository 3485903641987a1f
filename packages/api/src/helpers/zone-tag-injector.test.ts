import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataplane } from '../resources/dataplane.js';
import { injectZoneTag } from './zone-tag-injector.js';

const inbound = (tags: Record<string, string>) => ({
  port: 8080,
  servicePort: 0,
  serviceAddress: '',
  address: '',
  tags,
  state: 'Ready' as const,
  name: '',
});

function dataplane(networking: Partial<NonNullable<Dataplane['networking']>>): Dataplane {
  return {
    type: 'Dataplane',
    mesh: 'default',
    name: 'dp-1',
    labels: {},
    networking: { address: '10.0.0.1', advertisedAddress: '', inbound: [], outbound: [], ...networking },
  };
}

describe('injectZoneTag', () => {
  it("given inbounds with and without a user zone tag when injected then every inbound carries the CP's zone", () => {
    const input = dataplane({
      inbound: [inbound({ 'kuma.io/service': 'a' }), inbound({ 'kuma.io/service': 'b', 'kuma.io/zone': 'spoofed' })],
    });
    const result = injectZoneTag(input, 'zone-1');
    assert.deepEqual(
      result.networking?.inbound.map((i) => i.tags),
      [
        { 'kuma.io/service': 'a', 'kuma.io/zone': 'zone-1' },
        { 'kuma.io/service': 'b', 'kuma.io/zone': 'zone-1' },
      ],
    );
  });

  it('given a gateway when injected then its tags carry the zone too', () => {
    const result = injectZoneTag(dataplane({ gateway: { type: 'DELEGATED', tags: { 'kuma.io/service': 'edge' } } }), 'zone-1');
    assert.deepEqual(result.networking?.gateway, {
      type: 'DELEGATED',
      tags: { 'kuma.io/service': 'edge', 'kuma.io/zone': 'zone-1' },
    });
  });

  it('given a Dataplane when injected then the input is left untouched', () => {
    const input = dataplane({
      inbound: [inbound({ 'kuma.io/service': 'a' })],
      gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'gw' } },
    });
    const before = structuredClone(input);
    const result = injectZoneTag(input, 'zone-1');
    assert.deepEqual(input, before);
    assert.notEqual(result, input);
  });

  it('given an empty zone name or no networking when injected then nothing changes, as in Kuma', () => {
    const input = dataplane({ inbound: [inbound({ 'kuma.io/service': 'a' })] });
    assert.equal(injectZoneTag(input, ''), input);
    const bare: Dataplane = { type: 'Dataplane', mesh: 'default', name: 'x', labels: {} };
    assert.equal(injectZoneTag(bare, 'zone-1'), bare);
  });
});
