import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDataplane, decodeMesh, decodeZoneIngress, type Dataplane, type ZoneIngress } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import { FakeGlobalReplica, FakeZoneStore } from '../../test-support/fake-zone-state.js';
import { servicesByMesh } from './dns-hostnames.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
const inbound = (service: string, state?: string) => ({
  port: 1,
  ...(state === undefined ? {} : { state }),
  tags: { 'kuma.io/service': service },
});
const dataplane = (mesh: string, name: string, networking: Record<string, unknown>): Dataplane =>
  must(decodeDataplane({ type: 'Dataplane', mesh, name, networking: { address: '10.0.0.1', ...networking } }));
const ingress = (name: string, services: { mesh: string; service: string; externalService?: boolean }[]): ZoneIngress =>
  must(
    decodeZoneIngress({
      type: 'ZoneIngress',
      name,
      networking: { address: '10.0.0.9', port: 10001, advertisedAddress: '1.2.3.4', advertisedPort: 10001 },
      availableServices: services.map(({ mesh, service, externalService }) => ({
        mesh,
        instances: 1,
        externalService,
        tags: { 'kuma.io/service': service },
      })),
    }),
  );

function given(): { store: FakeZoneStore; replica: FakeGlobalReplica } {
  const store = new FakeZoneStore();
  const replica = new FakeGlobalReplica();
  replica.put(SubjectKinds.Mesh, must(decodeMesh({ type: 'Mesh', name: 'default' })));
  replica.put(SubjectKinds.Mesh, must(decodeMesh({ type: 'Mesh', name: 'empty' })));
  return { store, replica };
}
const asObject = (map: Map<string, Set<string>>): Record<string, string[]> =>
  Object.fromEntries([...map].map(([mesh, services]) => [mesh, [...services].sort()]));

describe('servicesByMesh', () => {
  it('given local inbounds and a gateway, then their services, Ignored inbounds skipped, every known mesh listed', () => {
    const { store, replica } = given();
    store.put(
      SubjectKinds.Dataplane,
      dataplane('default', 'web-1', { inbound: [inbound('web'), inbound('web-admin', 'NotReady'), inbound('hidden', 'Ignored')] }),
    );
    store.put(SubjectKinds.Dataplane, dataplane('default', 'edge-1', { gateway: { tags: { 'kuma.io/service': 'edge' } } }));
    assert.deepEqual(asObject(servicesByMesh('zone-1', store, replica)), { default: ['edge', 'web', 'web-admin'], empty: [] });
  });

  it('given ZoneIngresses in the replica, then only other zones’ available services of a known mesh are included', () => {
    const { store, replica } = given();
    replica.put(
      SubjectKinds.ZoneIngress,
      ingress('zi-2', [
        { mesh: 'default', service: 'remote' },
        { mesh: 'default', service: 'httpbin', externalService: true },
        { mesh: 'unknown', service: 'lost' },
      ]),
      'zone-2',
    );
    replica.put(SubjectKinds.ZoneIngress, ingress('zi-1', [{ mesh: 'default', service: 'own-zone' }]), 'zone-1');
    replica.put(SubjectKinds.ZoneIngress, ingress('zi-x', [{ mesh: 'default', service: 'no-zone' }]), undefined);
    store.put(SubjectKinds.ZoneIngress, ingress('zi-local', [{ mesh: 'default', service: 'local-ingress' }]));
    assert.deepEqual(asObject(servicesByMesh('zone-1', store, replica)), { default: ['httpbin', 'remote'], empty: [] });
  });

  it('given a Dataplane of a mesh the global replica does not know, then that mesh is skipped', () => {
    const { store, replica } = given();
    store.put(SubjectKinds.Dataplane, dataplane('ghost', 'web-1', { inbound: [inbound('web')] }));
    assert.deepEqual(asObject(servicesByMesh('zone-1', store, replica)), { default: [], empty: [] });
  });
});
