import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataplaneTagSets, descriptorOf, type ZoneIngress } from '@kumiko/api';
import { foreignZoneClaim } from './zone-claim-check.js';
import { dataplane, zoneIngress } from '../test-support/test-events.js';

const zoneIngressTagSets = (ingress: ZoneIngress) => descriptorOf('ZoneIngress').zoneOrigin?.tagSets(ingress) ?? [];

describe('foreign zone claims', () => {
  const consistent: Array<[string, Parameters<typeof foreignZoneClaim>[1]]> = [
    ['only the metadata, naming the subject’s zone', { metadataZone: 'zone-1' }],
    [
      'no kuma.io/zone label, tag or spec zone',
      { metadataZone: 'zone-1', labels: { team: 'a' }, tagSets: [{ 'kuma.io/service': 'web' }], specZone: undefined },
    ],
    ['an empty spec zone (the zone’s own, not yet pinned)', { metadataZone: 'zone-1', specZone: '' }],
    [
      'the subject’s zone everywhere',
      {
        metadataZone: 'zone-1',
        labels: { 'kuma.io/zone': 'zone-1' },
        tagSets: [{ 'kuma.io/zone': 'zone-1' }, { 'kuma.io/zone': 'zone-1' }],
        specZone: 'zone-1',
      },
    ],
  ];
  for (const [name, claims] of consistent) {
    it(`given ${name}, then there is no foreign claim`, () => {
      assert.equal(foreignZoneClaim('zone-1', claims), undefined);
    });
  }

  const foreign: Array<[string, Parameters<typeof foreignZoneClaim>[1], string]> = [
    ['metadata naming zone-2', { metadataZone: 'zone-2' }, 'payload claims metadata.zone "zone-2" but was published by zone "zone-1"'],
    [
      'a kuma.io/zone label of zone-2',
      { metadataZone: 'zone-1', labels: { 'kuma.io/zone': 'zone-2' } },
      'payload claims label kuma.io/zone "zone-2" but was published by zone "zone-1"',
    ],
    [
      'an empty kuma.io/zone label',
      { metadataZone: 'zone-1', labels: { 'kuma.io/zone': '' } },
      'payload claims label kuma.io/zone "" but was published by zone "zone-1"',
    ],
    [
      'a spec zone of zone-2',
      { metadataZone: 'zone-1', specZone: 'zone-2' },
      'payload claims zone "zone-2" but was published by zone "zone-1"',
    ],
    [
      'one tag set of several tagged zone-2',
      { metadataZone: 'zone-1', tagSets: [{ 'kuma.io/zone': 'zone-1' }, { 'kuma.io/zone': 'zone-2' }] },
      'payload claims tag kuma.io/zone "zone-2" but was published by zone "zone-1"',
    ],
    [
      'two tag sets tagged with other zones (the first is reported)',
      { metadataZone: 'zone-1', tagSets: [{ 'kuma.io/zone': 'zone-2' }, { 'kuma.io/zone': 'zone-3' }] },
      'payload claims tag kuma.io/zone "zone-2" but was published by zone "zone-1"',
    ],
    [
      'every kind of claim at once (reported in a fixed order)',
      { metadataZone: 'zone-9', labels: { 'kuma.io/zone': 'zone-8' }, tagSets: [{ 'kuma.io/zone': 'zone-6' }], specZone: 'zone-7' },
      'payload claims metadata.zone "zone-9", label kuma.io/zone "zone-8", zone "zone-7", tag kuma.io/zone "zone-6" but was published by zone "zone-1"',
    ],
  ];
  for (const [name, claims, reason] of foreign) {
    it(`given ${name}, then the reason names it`, () => {
      assert.equal(foreignZoneClaim('zone-1', claims), reason);
    });
  }

  it('given a label or tag that is not kuma.io/zone naming another zone, then it is no claim', () => {
    assert.equal(
      foreignZoneClaim('zone-1', { metadataZone: 'zone-1', labels: { region: 'zone-2' }, tagSets: [{ 'kuma.io/service': 'zone-2' }] }),
      undefined,
    );
  });
});

describe('where a resource says its zone in tags', () => {
  it('given a Dataplane with inbounds, then each inbound’s tags are a tag set, in order', () => {
    const dp = dataplane('default', 'dp-1', 'zone-1', 'web', {
      networking: {
        address: '10.0.0.1',
        inbound: [
          { port: 1, tags: { 'kuma.io/service': 'a' } },
          { port: 2, tags: { 'kuma.io/service': 'b', 'kuma.io/zone': 'zone-1' } },
        ],
      },
    });
    assert.deepEqual(dataplaneTagSets(dp), [{ 'kuma.io/service': 'a' }, { 'kuma.io/service': 'b', 'kuma.io/zone': 'zone-1' }]);
  });

  it('given a gateway Dataplane, then the gateway’s tags are a tag set', () => {
    const dp = dataplane('default', 'gw', 'zone-1', 'web', {
      networking: { address: '10.0.0.1', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } },
    });
    assert.deepEqual(dataplaneTagSets(dp), [{ 'kuma.io/service': 'edge' }]);
  });

  it('given a ZoneIngress, then each available service’s tags are a tag set; none without services', () => {
    const zi = zoneIngress('zi', {
      availableServices: [
        { tags: { 'kuma.io/service': 'a', 'kuma.io/zone': 'zone-1' }, instances: 1, mesh: 'default' },
        { tags: { 'kuma.io/service': 'b' }, instances: 2, mesh: 'other' },
      ],
    });
    assert.deepEqual(zoneIngressTagSets(zi), [{ 'kuma.io/service': 'a', 'kuma.io/zone': 'zone-1' }, { 'kuma.io/service': 'b' }]);
    assert.deepEqual(zoneIngressTagSets(zoneIngress('empty')), []);
  });
});
