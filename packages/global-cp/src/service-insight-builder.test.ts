import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataplaneFactsFrom, insightFactsFrom, type DataplaneFacts } from './dataplane-facts.js';
import { dataplaneStatus } from './dataplane-status.js';
import { buildServiceInsights } from './service-insight-builder.js';

const facts = (networking: Record<string, unknown>): DataplaneFacts => dataplaneFactsFrom({ networking });
const inbound = (service: string, extra: Record<string, unknown> = {}) => ({ port: 80, tags: { 'kuma.io/service': service, 'kuma.io/zone': 'z1' }, ...extra });
const online = insightFactsFrom({ subscriptions: [{ connectTime: '2026-01-01T00:00:00Z' }], mTLS: { issuedBackend: 'ca-1' } });
const offline = insightFactsFrom({ subscriptions: [{ connectTime: '2026-01-01T00:00:00Z', disconnectTime: '2026-01-01T00:01:00Z' }] });

describe('dataplane status (Kuma’s DataplaneOverview.Status)', () => {
  const cases: Array<[string, DataplaneFacts, boolean, string]> = [
    ['connected with ready inbounds', facts({ inbound: [inbound('a')] }), true, 'online'],
    ['not connected', facts({ inbound: [inbound('a')] }), false, 'offline'],
    ['some inbound not ready', facts({ inbound: [inbound('a'), inbound('b', { health: { ready: false } })] }), true, 'partially_degraded'],
    ['every inbound not ready', facts({ inbound: [inbound('a', { state: 'NotReady' })] }), true, 'offline'],
    ['ignored inbounds do not count', facts({ inbound: [inbound('a'), inbound('b', { state: 'Ignored', health: { ready: false } })] }), true, 'online'],
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
