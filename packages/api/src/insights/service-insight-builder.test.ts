import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataplaneFactsFrom, insightFactsFrom, type DataplaneFacts } from './dataplane-facts.js';
import { dataplaneStatus } from './dataplane-status.js';
import { buildServiceInsights } from './service-insight-builder.js';

const facts = (networking: Record<string, unknown>): DataplaneFacts => dataplaneFactsFrom({ networking });
const inbound = (service: string, extra: Record<string, unknown> = {}) => ({
  port: 80,
  tags: { 'kuma.io/service': service, 'kuma.io/zone': 'z1' },
  ...extra,
});
const online = insightFactsFrom({ subscriptions: [{ connectTime: '2026-01-01T00:00:00Z' }], mTLS: { issuedBackend: 'ca-1' } });
const offline = insightFactsFrom({ subscriptions: [{ connectTime: '2026-01-01T00:00:00Z', disconnectTime: '2026-01-01T00:01:00Z' }] });

describe('dataplane status (Kuma’s DataplaneOverview.Status)', () => {
  const cases: Array<[string, DataplaneFacts, boolean, string]> = [
    ['connected with ready inbounds', facts({ inbound: [inbound('a')] }), true, 'online'],
    ['not connected', facts({ inbound: [inbound('a')] }), false, 'offline'],
    ['some inbound not ready', facts({ inbound: [inbound('a'), inbound('b', { health: { ready: false } })] }), true, 'partially_degraded'],
    ['every inbound not ready', facts({ inbound: [inbound('a', { state: 'NotReady' })] }), true, 'offline'],
    [
      'ignored inbounds do not count',
      facts({ inbound: [inbound('a'), inbound('b', { state: 'Ignored', health: { ready: false } })] }),
      true,
      'online',
    ],
    ['a connected gateway', facts({ gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'gw' } } }), true, 'online'],
  ];
  for (const [name, dataplane, connected, expected] of cases) {
    it(name, () => assert.equal(dataplaneStatus(dataplane, connected), expected));
  }
});

describe('service insights (Kuma’s resyncer)', () => {
  it('counts each inbound’s proxy for its service; partially degraded proxies count as offline', () => {
    const stats = buildServiceInsights([
      { dataplane: facts({ inbound: [inbound('web')] }), insight: online },
      { dataplane: facts({ inbound: [inbound('web', { tags: { 'kuma.io/service': 'web', 'kuma.io/zone': 'z2' } })] }), insight: offline },
      { dataplane: facts({ inbound: [inbound('api'), inbound('api-admin', { health: { ready: false } })] }), insight: online },
      { dataplane: facts({ gateway: { tags: { 'kuma.io/service': 'edge' } } }), insight: online },
      { dataplane: facts({ inbound: [inbound('ghost', { state: 'Ignored' })] }), insight: online },
    ]);
    assert.deepEqual(
      stats.map((s) => [s.name, s.serviceType, s.status, s.dataplanes.total, s.dataplanes.online]),
      [
        ['api', 'internal', 'offline', 1, 0],
        ['api-admin', 'internal', 'offline', 1, 0],
        ['edge', 'gateway_delegated', 'online', 1, 1],
        ['web', 'internal', 'partially_degraded', 2, 1],
      ],
    );
    const web = stats.find((s) => s.name === 'web');
    assert.deepEqual(web?.zones, ['z1', 'z2']);
    assert.deepEqual(web?.issuedBackends, { 'ca-1': 1 });
  });
});

describe('service insights: types, statuses and order', () => {
  const connectedWith = (backend: string) =>
    insightFactsFrom({ subscriptions: [{ connectTime: '2026-01-01T00:00:00Z' }], mTLS: { issuedBackend: backend } });

  it('given no Dataplanes, then there are no services', () => {
    assert.deepEqual(buildServiceInsights([]), []);
  });

  it('given a builtin and a delegated gateway, then their services are typed as such and count online', () => {
    const stats = buildServiceInsights([
      {
        dataplane: facts({ gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge-builtin', 'kuma.io/zone': 'z1' } } }),
        insight: online,
      },
      { dataplane: facts({ gateway: { type: 'DELEGATED', tags: { 'kuma.io/service': 'edge-kong' } } }), insight: online },
    ]);
    assert.deepEqual(
      stats.map((s) => [s.name, s.serviceType, s.status, s.zones]),
      [
        ['edge-builtin', 'gateway_builtin', 'online', ['z1']],
        ['edge-kong', 'gateway_delegated', 'online', []],
      ],
    );
  });

  const statuses: Array<[string, Array<[DataplaneFacts, boolean]>, string, { total: number; online: number; offline: number }]> = [
    [
      'every proxy online',
      [
        [facts({ inbound: [inbound('s')] }), true],
        [facts({ inbound: [inbound('s')] }), true],
      ],
      'online',
      { total: 2, online: 2, offline: 0 },
    ],
    [
      'every proxy offline',
      [
        [facts({ inbound: [inbound('s')] }), false],
        [facts({ inbound: [inbound('s')] }), false],
      ],
      'offline',
      { total: 2, online: 0, offline: 2 },
    ],
    [
      'one proxy online, one offline',
      [
        [facts({ inbound: [inbound('s')] }), true],
        [facts({ inbound: [inbound('s')] }), false],
      ],
      'partially_degraded',
      { total: 2, online: 1, offline: 1 },
    ],
  ];
  for (const [name, proxies, status, dataplanes] of statuses) {
    it(`given ${name}, then the service is ${status}`, () => {
      const stat = buildServiceInsights(proxies.map(([dataplane, connected]) => ({ dataplane, insight: connected ? online : offline })))[0];
      assert.equal(stat?.status, status);
      assert.deepEqual(stat?.dataplanes, dataplanes);
    });
  }

  it('given a Dataplane with no insight yet, then it counts as offline', () => {
    const [stat] = buildServiceInsights([{ dataplane: facts({ inbound: [inbound('web')] }), insight: undefined }]);
    assert.deepEqual(stat?.dataplanes, { total: 1, online: 0, offline: 1 });
    assert.deepEqual(stat?.issuedBackends, {});
  });

  it('given proxies issued by different CA backends, then each backend counts its proxies; proxies without mTLS count for none', () => {
    const [stat] = buildServiceInsights([
      { dataplane: facts({ inbound: [inbound('web')] }), insight: connectedWith('ca-1') },
      { dataplane: facts({ inbound: [inbound('web')] }), insight: connectedWith('ca-1') },
      { dataplane: facts({ inbound: [inbound('web')] }), insight: connectedWith('ca-2') },
      { dataplane: facts({ inbound: [inbound('web')] }), insight: connectedWith('') },
    ]);
    assert.deepEqual(stat?.issuedBackends, { 'ca-1': 2, 'ca-2': 1 });
  });

  it('given service names differing in case, then they are sorted bytewise (upper case first), as Kuma sorts', () => {
    const names = buildServiceInsights(
      ['b', 'a', 'B', 'a-1'].map((service) => ({ dataplane: facts({ inbound: [inbound(service)] }), insight: online })),
    ).map((s) => s.name);
    assert.deepEqual(names, ['B', 'a', 'a-1', 'b']);
  });

  it('given inbounds across zones, then the zones are listed once each, sorted, and untagged inbounds add none', () => {
    const zoned = (zone: string) => inbound('web', { tags: { 'kuma.io/service': 'web', 'kuma.io/zone': zone } });
    const [stat] = buildServiceInsights([
      { dataplane: facts({ inbound: [zoned('zone-b')] }), insight: online },
      { dataplane: facts({ inbound: [zoned('zone-a')] }), insight: online },
      { dataplane: facts({ inbound: [zoned('zone-b')] }), insight: online },
      { dataplane: facts({ inbound: [{ port: 80, tags: { 'kuma.io/service': 'web' } }] }), insight: online },
    ]);
    assert.deepEqual(stat?.zones, ['zone-a', 'zone-b']);
  });

  it('given a proxy that is partially degraded, then each of its services counts it offline', () => {
    const stats = buildServiceInsights([
      { dataplane: facts({ inbound: [inbound('a'), inbound('b', { state: 'NotReady' })] }), insight: online },
    ]);
    assert.equal(dataplaneStatus(facts({ inbound: [inbound('a'), inbound('b', { state: 'NotReady' })] }), true), 'partially_degraded');
    assert.deepEqual(
      stats.map((s) => [s.name, s.dataplanes.offline]),
      [
        ['a', 1],
        ['b', 1],
      ],
    );
  });
});
