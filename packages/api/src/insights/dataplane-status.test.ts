import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataplaneFactsFrom } from './dataplane-facts.js';
import { dataplaneStatus, type DataplaneStatus } from './dataplane-status.js';

const inbound = (service: string, extra: Record<string, unknown> = {}) => ({ port: 80, tags: { 'kuma.io/service': service }, ...extra });
const notReady = { state: 'NotReady' };
const ignored = { state: 'Ignored' };

describe('dataplane status', () => {
  const cases: Array<[string, Record<string, unknown>, boolean, DataplaneStatus]> = [
    ['connected, every inbound ready', { inbound: [inbound('a'), inbound('b')] }, true, 'online'],
    ['connected, one of two inbounds not ready', { inbound: [inbound('a'), inbound('b', notReady)] }, true, 'partially_degraded'],
    ['connected, no inbound ready', { inbound: [inbound('a', notReady), inbound('b', { health: { ready: false } })] }, true, 'offline'],
    ['disconnected, every inbound ready', { inbound: [inbound('a')] }, false, 'offline'],
    [
      'connected, a not-ready inbound that is ignored',
      { inbound: [inbound('a'), inbound('b', { ...ignored, health: { ready: false } })] },
      true,
      'online',
    ],
    ['connected, every inbound ignored', { inbound: [inbound('a', ignored)] }, true, 'offline'],
    ['connected, no inbounds at all', { inbound: [] }, true, 'offline'],
    ['a connected builtin gateway', { gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'gw' } } }, true, 'online'],
    ['a connected delegated gateway', { gateway: { tags: { 'kuma.io/service': 'gw' } } }, true, 'online'],
    ['a disconnected gateway', { gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'gw' } } }, false, 'offline'],
  ];
  for (const [name, networking, connected, expected] of cases) {
    it(`given ${name}, then it is ${expected}`, () => {
      assert.equal(dataplaneStatus(dataplaneFactsFrom({ networking }), connected), expected);
    });
  }
});
