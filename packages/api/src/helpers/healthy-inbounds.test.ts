import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataplane, DataplaneInbound } from '../resources/dataplane.js';
import { getHealthyInbounds, isInboundHealthy } from './healthy-inbounds.js';

function inbound(overrides: Partial<DataplaneInbound>): DataplaneInbound {
  return { port: 1, servicePort: 0, serviceAddress: '', address: '', tags: {}, state: 'Ready', name: '', ...overrides };
}

describe("healthy inbounds (Kuma's inbound state and health)", () => {
  const cases: ReadonlyArray<readonly [string, DataplaneInbound, boolean]> = [
    ['Ready without health', inbound({}), true],
    ['Ready with health.ready true', inbound({ health: { ready: true } }), true],
    ['Ready with health.ready false', inbound({ health: { ready: false } }), false],
    ['NotReady without health', inbound({ state: 'NotReady' }), false],
    ['Ignored with health.ready true', inbound({ state: 'Ignored', health: { ready: true } }), false],
  ];
  for (const [label, candidate, healthy] of cases) {
    it(`given an inbound ${label} when checked then it is ${healthy ? 'healthy' : 'unhealthy'}`, () => {
      assert.equal(isInboundHealthy(candidate), healthy);
    });
  }

  it('given a Dataplane when filtered then only healthy inbounds remain, in order', () => {
    const dp: Dataplane = {
      type: 'Dataplane',
      mesh: 'm',
      name: 'd',
      labels: {},
      networking: {
        address: '10.0.0.1',
        advertisedAddress: '',
        outbound: [],
        inbound: [inbound({ port: 1 }), inbound({ port: 2, state: 'NotReady' }), inbound({ port: 3, health: { ready: true } })],
      },
    };
    assert.deepEqual(
      getHealthyInbounds(dp).map((i) => i.port),
      [1, 3],
    );
    assert.deepEqual(getHealthyInbounds({ ...dp, networking: undefined }), []);
  });
});
