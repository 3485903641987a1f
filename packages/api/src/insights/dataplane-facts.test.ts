import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataplaneFactsFrom, insightFactsFrom, type InboundFacts } from './dataplane-facts.js';

const inboundFacts = (inbound: Record<string, unknown>): InboundFacts | undefined =>
  dataplaneFactsFrom({ networking: { inbound: [inbound] } }).inbounds[0];

describe('dataplane facts: inbounds', () => {
  const tags = { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1' };
  const cases: Array<[string, Record<string, unknown>, Partial<InboundFacts>]> = [
    ['no state and no health', { port: 80, tags }, { ignored: false, ready: true }],
    ['state Ready', { port: 80, tags, state: 'Ready' }, { ignored: false, ready: true }],
    ['state NotReady', { port: 80, tags, state: 'NotReady' }, { ignored: false, ready: false }],
    ['health.ready true', { port: 80, tags, health: { ready: true } }, { ready: true }],
    ['health.ready false', { port: 80, tags, health: { ready: false } }, { ready: false }],
    ['a health without ready (proto false)', { port: 80, tags, health: {} }, { ready: false }],
    ['state NotReady despite health.ready true', { port: 80, tags, state: 'NotReady', health: { ready: true } }, { ready: false }],
    ['state Ignored', { port: 80, tags, state: 'Ignored' }, { ignored: true }],
  ];
  for (const [name, inbound, expected] of cases) {
    it(`given an inbound with ${name}, then it is ${JSON.stringify(expected)}`, () => {
      const facts = inboundFacts(inbound);
      for (const [key, value] of Object.entries(expected)) assert.equal(facts?.[key as keyof InboundFacts], value, key);
    });
  }

  it('given tagged inbounds, then service and zone come from kuma.io/service and kuma.io/zone', () => {
    assert.deepEqual(inboundFacts({ port: 80, tags }), { service: 'web', zone: 'zone-1', ignored: false, ready: true });
  });

  it('given an inbound without service or zone tags, then the service is empty and the zone unknown', () => {
    assert.deepEqual(inboundFacts({ port: 80, tags: { version: 'v1' } }), { service: '', zone: undefined, ignored: false, ready: true });
  });
});

describe('dataplane facts: gateways and tag sets', () => {
  const gatewayCases: Array<[string, Record<string, unknown>, 'BUILTIN' | 'DELEGATED']> = [
    ['BUILTIN', { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge', 'kuma.io/zone': 'z' } }, 'BUILTIN'],
    ['DELEGATED', { type: 'DELEGATED', tags: { 'kuma.io/service': 'edge', 'kuma.io/zone': 'z' } }, 'DELEGATED'],
    ['no type (Kuma’s default)', { tags: { 'kuma.io/service': 'edge', 'kuma.io/zone': 'z' } }, 'DELEGATED'],
  ];
  for (const [name, gateway, kind] of gatewayCases) {
    it(`given a gateway of type ${name}, then it is a ${kind} gateway of its tagged service and zone`, () => {
      assert.deepEqual(dataplaneFactsFrom({ networking: { gateway } }).gateway, { kind, service: 'edge', zone: 'z' });
    });
  }

  it('given a standard proxy, then it has no gateway', () => {
    assert.equal(dataplaneFactsFrom({ networking: { inbound: [{ port: 1, tags: { 'kuma.io/service': 'a' } }] } }).gateway, undefined);
  });

  it('given inbounds and a gateway, then the tag sets are every inbound’s tags, ignored ones included, then the gateway’s', () => {
    const facts = dataplaneFactsFrom({
      networking: {
        inbound: [
          { port: 1, tags: { 'kuma.io/service': 'a' } },
          { port: 2, state: 'Ignored', tags: { 'kuma.io/service': 'b' } },
        ],
        gateway: { tags: { 'kuma.io/service': 'gw' } },
      },
    });
    assert.deepEqual(facts.tagSets, [{ 'kuma.io/service': 'a' }, { 'kuma.io/service': 'b' }, { 'kuma.io/service': 'gw' }]);
  });

  const unexpected: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'dataplane'],
    ['no networking', { type: 'Dataplane' }],
    ['networking of the wrong type', { networking: 5 }],
    ['inbounds that are not a list', { networking: { inbound: 'many' } }],
  ];
  for (const [name, spec] of unexpected) {
    it(`given ${name}, then the facts are empty instead of an error`, () => {
      assert.deepEqual(dataplaneFactsFrom(spec), { gateway: undefined, inbounds: [], tagSets: [] });
    });
  }

  it('given an inbound whose tags are not a map, then it counts with no tags', () => {
    assert.deepEqual(dataplaneFactsFrom({ networking: { inbound: [{ port: 1, tags: ['x'] }] } }).tagSets, [{}]);
  });
});

describe('insight facts', () => {
  const open = { connectTime: '2026-01-01T00:00:00Z' };
  const closed = { connectTime: '2026-01-01T00:00:00Z', disconnectTime: '2026-01-01T00:01:00Z' };
  const cases: Array<[string, unknown, { online: boolean; issuedBackend: string }]> = [
    ['an open subscription', { subscriptions: [open] }, { online: true, issuedBackend: '' }],
    ['a closed then an open subscription', { subscriptions: [closed, open] }, { online: true, issuedBackend: '' }],
    ['only closed subscriptions', { subscriptions: [closed] }, { online: false, issuedBackend: '' }],
    ['a subscription that never connected', { subscriptions: [{}] }, { online: false, issuedBackend: '' }],
    ['no subscriptions', {}, { online: false, issuedBackend: '' }],
    ['an mTLS backend', { subscriptions: [open], mTLS: { issuedBackend: 'ca-1' } }, { online: true, issuedBackend: 'ca-1' }],
    ['mTLS without an issued backend', { subscriptions: [open], mTLS: {} }, { online: true, issuedBackend: '' }],
    ['an unexpected shape', 'nonsense', { online: false, issuedBackend: '' }],
  ];
  for (const [name, spec, expected] of cases) {
    it(`given ${name}, then the insight is ${expected.online ? 'online' : 'offline'}${expected.issuedBackend ? ` via ${expected.issuedBackend}` : ''}`, () => {
      assert.deepEqual(insightFactsFrom(spec), expected);
    });
  }
});
