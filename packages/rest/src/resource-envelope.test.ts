import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { descriptorOf, type OverviewKind } from '@kumiko/api';
import type { ResourceRecord } from './resource-record.js';
import { overviewItem, resourceItem } from './resource-envelope.js';

/** As a source hands a resource over: `spec` is the whole resource in Kuma JSON, meta fields included. */
function stored(type: string, spec: Record<string, unknown>, extra: Partial<ResourceRecord> = {}): ResourceRecord {
  return {
    type,
    ...(type === 'ZoneIngress' || type === 'ZoneEgress' || type === 'Mesh' ? {} : { mesh: 'default' }),
    name: 'dp-1-dff6z597w47d46xx',
    spec: { type, name: 'stale-name', labels: { stale: 'x' }, creationTime: 'stale', ...spec },
    labels: { 'kuma.io/origin': 'zone', 'kuma.io/zone': 'zone-1', 'kuma.io/display-name': 'dp-1' },
    creationTime: '2026-11-22T10:00:00.000Z',
    modificationTime: '2026-11-22T11:30:00.000Z',
    ...extra,
  };
}

const overviewOf = (type: 'Dataplane' | 'ZoneIngress' | 'ZoneEgress'): OverviewKind => {
  const kind = descriptorOf(type).overview;
  if (kind === undefined) throw new Error(`${type} has no overview`);
  return kind;
};
const dataplaneOverviewItem = (record: ResourceRecord) => overviewItem(overviewOf('Dataplane'), record);
const zoneProxyOverviewItem = (record: ResourceRecord) => overviewItem(overviewOf(record.type as 'ZoneIngress' | 'ZoneEgress'), record);

describe('resource envelopes (Kuma’s flat JSON)', () => {
  it('given a stored Dataplane, then meta comes from the row and every other field of the spec sits beside it', () => {
    const item = resourceItem(stored('Dataplane', { networking: { address: '10.0.0.1' } }));
    assert.deepEqual(item, {
      type: 'Dataplane',
      mesh: 'default',
      name: 'dp-1-dff6z597w47d46xx',
      creationTime: '2026-11-22T10:00:00.000Z',
      modificationTime: '2026-11-22T11:30:00.000Z',
      labels: { 'kuma.io/origin': 'zone', 'kuma.io/zone': 'zone-1', 'kuma.io/display-name': 'dp-1' },
      kri: 'kri_dp_default_zone-1__dp-1_',
      networking: { address: '10.0.0.1' },
    });
    assert.deepEqual(
      Object.keys(item).slice(0, 7),
      ['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'labels', 'kri'],
      'meta first, as Kuma prints it',
    );
  });

  it('given a stored spec with unpopulated fields, then they are left out as proto3 JSON does, set messages and wrappers kept', () => {
    const item = resourceItem(
      stored('Dataplane', {
        networking: {
          address: '10.0.0.1',
          advertisedAddress: '',
          inbound: [
            {
              port: 8080,
              servicePort: 0,
              serviceAddress: '',
              address: '',
              tags: { 'kuma.io/service': 'web' },
              health: { ready: false },
              serviceProbe: { unhealthyThreshold: 0, tcp: {} },
              state: 'Ready',
              name: '',
            },
          ],
          outbound: [],
          gateway: undefined,
        },
      }),
    );
    assert.deepEqual(item.networking, {
      address: '10.0.0.1',
      inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' }, health: {}, serviceProbe: { unhealthyThreshold: 0, tcp: {} } }],
    });
  });

  it('given a Mesh, Zone or ZoneIngress, then enums at their default, empty lists and blank strings are left out', () => {
    assert.deepEqual(
      resourceItem(
        stored('Mesh', {
          skipCreatingInitialPolicies: [],
          networking: { outbound: { passthrough: false } },
          meshServices: { mode: 'Disabled' },
        }),
      ),
      {
        type: 'Mesh',
        name: 'dp-1-dff6z597w47d46xx',
        creationTime: '2026-11-22T10:00:00.000Z',
        modificationTime: '2026-11-22T11:30:00.000Z',
        labels: { 'kuma.io/origin': 'zone', 'kuma.io/zone': 'zone-1', 'kuma.io/display-name': 'dp-1' },
        kri: 'kri_m__zone-1__dp-1_',
        networking: { outbound: { passthrough: false } },
        meshServices: {},
      },
    );
    const ingress = resourceItem(
      stored('ZoneIngress', { zone: '', availableServices: [], networking: { port: 10001, advertisedPort: 0 } }),
    );
    assert.equal('zone' in ingress, false);
    assert.equal('availableServices' in ingress, false);
    assert.deepEqual(ingress.networking, { port: 10001 });
    assert.equal(resourceItem(stored('Zone', { enabled: false })).enabled, false, 'a BoolValue keeps an explicit false');
  });

  it('given a type without a short name, then the envelope carries no kri', () => {
    assert.equal('kri' in resourceItem(stored('DataplaneInsight', {})), false);
  });

  const globalScoped = ['ZoneIngress', 'ZoneEgress', 'Mesh'];
  for (const type of globalScoped) {
    it(`given a ${type} (global-scoped), then the envelope has no mesh`, () => {
      assert.equal('mesh' in resourceItem(stored(type, {})), false);
    });
  }

  it('given a resource without labels, then the envelope omits labels rather than showing {}', () => {
    assert.equal('labels' in resourceItem(stored('Dataplane', {}, { labels: {} })), false);
  });

  it('given a resource, then building its envelope leaves the stored spec as it was', () => {
    const resource = stored('Dataplane', { networking: {} });
    const before = structuredClone(resource.spec);
    resourceItem(resource);
    assert.deepEqual(resource.spec, before);
  });
});

describe('overviews', () => {
  it('given a Dataplane with an insight, then the overview nests both specs without their meta', () => {
    const item = dataplaneOverviewItem(
      stored(
        'Dataplane',
        { networking: { address: '10.0.0.1' } },
        { insight: { type: 'DataplaneInsight', name: 'x', mesh: 'default', subscriptions: [] } },
      ),
    );
    assert.equal(item.type, 'DataplaneOverview');
    assert.equal(item.mesh, 'default');
    assert.deepEqual(item.dataplane, { networking: { address: '10.0.0.1' } });
    assert.deepEqual(item.dataplaneInsight, {}, 'an insight without subscriptions is an empty message');
  });

  const noInsight: Array<[string, Partial<ResourceRecord>]> = [['no insight stored yet', {}]];
  for (const [name, extra] of noInsight) {
    it(`given a Dataplane with ${name}, then the overview has no dataplaneInsight`, () => {
      assert.equal('dataplaneInsight' in dataplaneOverviewItem(stored('Dataplane', {}, extra)), false);
    });
  }

  const proxies: Array<[string, string, string]> = [
    ['ZoneIngress', 'ZoneIngressOverview', 'zoneIngress'],
    ['ZoneEgress', 'ZoneEgressOverview', 'zoneEgress'],
  ];
  for (const [type, overview, key] of proxies) {
    it(`given a ${type}, then its overview is a ${overview} nesting the spec under ${key}, with no mesh and no insight`, () => {
      const item = zoneProxyOverviewItem(stored(type, { zone: 'zone-1', networking: { port: 10001 } }));
      assert.equal(item.type, overview);
      assert.equal('mesh' in item, false);
      assert.deepEqual(item[key], { zone: 'zone-1', networking: { port: 10001 } });
      assert.deepEqual(
        Object.keys(item).filter((k) => k.endsWith('Insight')),
        [],
      );
    });
  }
});
