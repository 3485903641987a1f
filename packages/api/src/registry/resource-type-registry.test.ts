import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDataplane } from '../resources/dataplane.js';
import { decodeMesh } from '../resources/mesh.js';
import { decodeZoneIngress } from '../resources/zone-ingress.js';
import { formatAge, formatTagSets } from './display-columns.js';
import {
  GlobalScopedResourceTypes,
  ResourceTypes,
  descriptorByProxyType,
  descriptorBySubjectKind,
  descriptorOf,
  resourceTypeDescriptors,
} from './resource-type-registry.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const now = new Date('2026-12-06T12:00:00Z');
const row = (type: keyof typeof ResourceTypes, resource: unknown): string[] =>
  descriptorOf(type).columns.map((column) => (column as { cell(r: unknown, n: Date): string }).cell(resource, now));

describe('the resource-type registry', () => {
  it('given every entry, then names, REST path segments and subject kinds are unique', () => {
    const descriptors = resourceTypeDescriptors();
    const unique = (values: readonly string[]) => assert.equal(new Set(values).size, values.length, values.join(', '));
    unique(descriptors.map((d) => d.name));
    unique(descriptors.flatMap((d) => [d.plural, ...d.pathAliases]));
    unique(descriptors.map((d) => d.subjectKind));
    unique(descriptors.map((d) => d.singularDisplayName));
    unique(descriptors.map((d) => d.shortName).filter((short) => short !== ''));
    assert.deepEqual(
      Object.keys(ResourceTypes),
      descriptors.map((d) => d.name),
    );
  });

  it('given a zone-owned type, then it travels zone → global with named events; global-owned types never do', () => {
    for (const descriptor of resourceTypeDescriptors()) {
      const travels = descriptor.zoneOrigin !== undefined;
      assert.equal(travels, descriptor.owner === 'zone', descriptor.name);
      assert.equal(descriptor.sync.zoneToGlobal, travels, descriptor.name);
    }
    assert.deepEqual(descriptorOf('Dataplane').zoneOrigin?.events, {
      upserted: 'DataplaneUpserted',
      deleted: 'DataplaneDeleted',
      payloadField: 'dataplane',
    });
  });

  it("given Kuma's scopes, then only Dataplane, DataplaneInsight and Secret live inside a mesh", () => {
    assert.deepEqual(
      resourceTypeDescriptors()
        .filter((d) => !GlobalScopedResourceTypes.has(d.name))
        .map((d) => d.name),
      ['Dataplane', 'DataplaneInsight', 'Secret'],
    );
  });

  it('given lookups by subject kind and by kuma-dp proxy type, then they find the entry', () => {
    assert.equal(descriptorBySubjectKind('zoneingress')?.name, 'ZoneIngress');
    assert.equal(descriptorBySubjectKind('nope'), undefined);
    assert.equal(descriptorByProxyType('egress')?.name, 'ZoneEgress');
    assert.equal(descriptorByProxyType('dataplane')?.name, 'Dataplane');
    assert.equal(descriptorByProxyType('gateway'), undefined);
  });

  it('given a Dataplane from a zone, then the zone CP stamps its tags and the global pins nothing else', () => {
    const origin = descriptorOf('Dataplane').zoneOrigin;
    const dataplane = must(
      decodeDataplane({
        type: 'Dataplane',
        mesh: 'default',
        name: 'web-1',
        networking: { address: '10.0.0.1', inbound: [{ port: 80, tags: { 'kuma.io/service': 'web' } }] },
      }),
    );
    const stamped = origin?.stamp(dataplane, 'zone-1');
    assert.equal(stamped?.networking?.inbound[0]?.tags['kuma.io/zone'], 'zone-1');
    assert.equal(origin?.pin(dataplane, 'zone-1'), dataplane);
  });

  it('given a ZoneIngress, then its zone is blank where it is owned and pinned on the global', () => {
    const origin = descriptorOf('ZoneIngress').zoneOrigin;
    const ingress = must(decodeZoneIngress({ type: 'ZoneIngress', name: 'zi', zone: 'spoofed', networking: { port: 10001 } }));
    assert.equal(origin?.stamp(ingress, 'zone-1').zone, '');
    assert.equal(origin?.pin(ingress, 'zone-2').zone, 'zone-2');
    assert.equal(origin?.specZone?.(ingress), 'spoofed');
  });
});

describe('display columns', () => {
  it('given a Dataplane, then the row is MESH NAME TAGS ADDRESS AGE as kumactl prints it', () => {
    const dataplane = must(
      decodeDataplane({
        type: 'Dataplane',
        mesh: 'default',
        name: 'web-1',
        modificationTime: '2026-12-06T11:58:00Z',
        networking: {
          address: '10.0.0.1',
          advertisedAddress: '1.2.3.4',
          inbound: [
            { port: 80, tags: { 'kuma.io/service': 'web', version: 'v2' } },
            { port: 81, tags: { 'kuma.io/service': 'web-admin', version: 'v1' } },
          ],
        },
      }),
    );
    assert.deepEqual(
      descriptorOf('Dataplane').columns.map((c) => c.header),
      ['MESH', 'NAME', 'TAGS', 'ADDRESS', 'AGE'],
    );
    assert.deepEqual(row('Dataplane', dataplane), ['default', 'web-1', 'kuma.io/service=web,web-admin version=v1,v2', '1.2.3.4', '2m']);
  });

  it('given a Mesh with builtin mTLS, locality and egress routing, then mTLS is type/backend and the rest on/off', () => {
    const mesh = must(
      decodeMesh({
        type: 'Mesh',
        name: 'default',
        mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] },
        routing: { localityAwareLoadBalancing: true },
      }),
    );
    assert.deepEqual(
      descriptorOf('Mesh').columns.map((c) => c.header),
      ['NAME', 'mTLS', 'LOCALITY', 'ZONEEGRESS', 'AGE'],
    );
    assert.deepEqual(row('Mesh', mesh), ['default', 'builtin/ca-1', 'on', 'off', '']);
    assert.deepEqual(row('Mesh', must(decodeMesh({ type: 'Mesh', name: 'plain' }))).slice(1, 4), ['off', 'off', 'off']);
  });

  it('given ages across units, then they print as Ns, Nm, Nh, Nd, Ny', () => {
    const ago = (seconds: number) => formatAge(new Date(now.getTime() - seconds * 1000).toISOString(), now);
    assert.deepEqual([ago(5), ago(125), ago(7200), ago(3 * 86_400), ago(800 * 86_400)], ['5s', '2m', '2h', '3d', '2y']);
  });

  it('given tag sets with repeated keys, then values are merged, sorted and keys sorted', () => {
    assert.equal(formatTagSets([{ b: '2', a: 'x' }, { b: '1' }]), 'a=x b=1,2');
    assert.equal(formatTagSets([]), '');
  });
});
