import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataplane, DataplaneInbound } from '../resources/dataplane.js';
import type { Mesh } from '../resources/mesh.js';
import { availableServicesEqual, computeAvailableServices } from './available-services.js';

function inbound(tags: Record<string, string>, overrides: Partial<DataplaneInbound> = {}): DataplaneInbound {
  return { port: 1, servicePort: 0, serviceAddress: '', address: '', tags, state: 'Ready', name: '', ...overrides };
}

function dataplane(mesh: string, name: string, inbounds: DataplaneInbound[]): Dataplane {
  return {
    type: 'Dataplane',
    mesh,
    name,
    labels: {},
    networking: { address: '10.0.0.1', advertisedAddress: '', inbound: inbounds, outbound: [] },
  };
}

function mesh(name: string, mode?: 'Exclusive' | 'Everywhere'): Mesh {
  return { type: 'Mesh', name, labels: {}, skipCreatingInitialPolicies: [], ...(mode ? { meshServices: { mode } } : {}) };
}

const backendV1 = { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-1', version: 'v1' };
const backendV2 = { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-1', version: 'v2' };
const web = { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1' };

describe("computeAvailableServices (Kuma's ZoneIngress availableServices)", () => {
  it('given healthy inbounds in two meshes when computed then they are grouped by (mesh, tags), counted and sorted', () => {
    const result = computeAvailableServices({
      meshes: [mesh('default'), mesh('alpha')],
      dataplanes: [
        dataplane('default', 'web-1', [inbound(web)]),
        dataplane('default', 'backend-1', [inbound(backendV2)]),
        dataplane('default', 'backend-2', [inbound(backendV1)]),
        dataplane('default', 'backend-3', [inbound(backendV1)]),
        dataplane('alpha', 'web-1', [inbound(web)]),
      ],
    });
    assert.deepEqual(result, [
      { tags: web, instances: 1, mesh: 'alpha', externalService: false },
      { tags: backendV1, instances: 2, mesh: 'default', externalService: false },
      { tags: backendV2, instances: 1, mesh: 'default', externalService: false },
      { tags: web, instances: 1, mesh: 'default', externalService: false },
    ]);
  });

  it('given unhealthy inbounds when computed then they are not counted', () => {
    const result = computeAvailableServices({
      meshes: [mesh('default')],
      dataplanes: [
        dataplane('default', 'b-1', [inbound(backendV1, { state: 'NotReady' })]),
        dataplane('default', 'b-2', [inbound(backendV1, { health: { ready: false } })]),
        dataplane('default', 'b-3', [inbound(backendV1, { health: { ready: true } })]),
      ],
    });
    assert.deepEqual(result, [{ tags: backendV1, instances: 1, mesh: 'default', externalService: false }]);
  });

  it('given a mesh with meshServices.mode Exclusive when computed then its inbounds are skipped', () => {
    const result = computeAvailableServices({
      meshes: [mesh('legacy', 'Everywhere'), mesh('modern', 'Exclusive')],
      dataplanes: [dataplane('legacy', 'a', [inbound(web)]), dataplane('modern', 'b', [inbound(web)])],
    });
    assert.deepEqual(
      result.map((s) => s.mesh),
      ['legacy'],
    );
  });

  it('given tag filters when computed then only keys with those prefixes are kept before grouping', () => {
    const result = computeAvailableServices({
      meshes: [],
      tagFilters: ['kuma.io/'],
      dataplanes: [dataplane('default', 'b-1', [inbound(backendV1)]), dataplane('default', 'b-2', [inbound(backendV2)])],
    });
    assert.deepEqual(result, [
      { tags: { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-1' }, instances: 2, mesh: 'default', externalService: false },
    ]);
  });

  it('given equal and different lists when compared then equality is element by element, tag order ignored', () => {
    const a = [{ tags: { x: '1', y: '2' }, instances: 1, mesh: 'm', externalService: false }];
    assert.equal(availableServicesEqual(a, [{ tags: { y: '2', x: '1' }, instances: 1, mesh: 'm', externalService: false }]), true);
    assert.equal(availableServicesEqual(a, [{ tags: { x: '1', y: '2' }, instances: 2, mesh: 'm', externalService: false }]), false);
    assert.equal(availableServicesEqual(a, []), false);
  });
});
