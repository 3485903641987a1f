import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Endpoint,
  buildEgressEndpointMap,
  buildEndpointMap,
  buildIngressEndpointMap,
  remoteIngressInstances,
} from './endpoint-map-builder.js';
import { createMeshView } from './mesh-view.js';
import { dataplane, inbound, mesh, remoteIngresses, twoZoneView, zoneEgress, zoneIngress } from '../../test-support/mesh-view-fixtures.js';

/** `target:port w=<weight> <zone>@<priority>` per endpoint: what the assertions compare. */
function summary(endpoints: readonly Endpoint[] | undefined): string[] {
  return (endpoints ?? []).map(
    (e) => `${e.target}:${e.port} w=${e.weight} ${e.locality ? `${e.locality.zone}@${e.locality.priority}` : '-'}`,
  );
}

function ingressAt(name: string, zone: string, address: string, services: readonly { service: string; instances: number }[]) {
  return zoneIngress(name, {
    zone,
    networking: { address: '10.9.9.9', port: 10001, advertisedAddress: address, advertisedPort: 10001 },
    availableServices: services.map(({ service, instances }) => ({
      mesh: 'default',
      instances,
      tags: { 'kuma.io/service': service, 'kuma.io/zone': zone },
    })),
  });
}

describe('buildEndpointMap', () => {
  it('weights local endpoints by the number of distinct remote ingress coordinates and remote ones by instances', () => {
    // given mTLS, zone-2 behind 10.2.0.1 (two instances, one still empty), zone-3, and zone-4 not yet advertised
    const view = twoZoneView({ mtls: true });

    // when zone-1 builds its endpoint map of mesh default
    const map = buildEndpointMap(view, 'default');

    // then N = 2 (zone-2 counted once, zone-4 ignored): local weight 2; remote weight = instances
    assert.deepEqual(summary(map.get('backend')), [
      '10.1.0.22:8080 w=2 zone-1@0',
      '10.2.0.1:10001 w=2 zone-2@0',
      '10.2.0.1:10001 w=1 zone-2@0',
      '10.3.0.1:10001 w=1 zone-3@0',
      '192.168.0.21:8080 w=2 zone-1@0',
    ]);
    assert.deepEqual(summary(map.get('payments')), ['10.2.0.1:10001 w=3 zone-2@0']);
    assert.deepEqual(summary(map.get('redis')), ['192.168.0.31:6379 w=2 zone-1@0']);
  });

  it('keeps the remote tags (with their zone) on remote endpoints', () => {
    const map = buildEndpointMap(twoZoneView({ mtls: true }), 'default');
    const remote = map.get('backend')?.filter((e) => e.target === '10.2.0.1');
    assert.deepEqual(
      remote?.map((e) => e.tags),
      [
        { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-2', 'kuma.io/protocol': 'http', version: 'v1' },
        { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-2', 'kuma.io/protocol': 'http', version: 'v3' },
      ],
    );
  });

  it('uses advertisedAddress, then inbound.address, then networking.address, and the inbound port', () => {
    // given three Dataplanes that each set a different address field
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default')],
      dataplanes: [
        dataplane('default', 'a', {
          address: '10.0.0.1',
          advertisedAddress: '172.16.0.1',
          inbound: [inbound(1001, { 'kuma.io/service': 'svc' }, { address: '10.0.0.11' })],
        }),
        dataplane('default', 'b', {
          address: '10.0.0.2',
          inbound: [inbound(1002, { 'kuma.io/service': 'svc' }, { address: '10.0.0.12', servicePort: 9 })],
        }),
        dataplane('default', 'c', { address: '10.0.0.3', inbound: [inbound(1003, { 'kuma.io/service': 'svc' })] }),
      ],
    });

    // then each endpoint takes the first address that is set, and the listener (not the workload) port
    assert.deepEqual(summary(buildEndpointMap(view, 'default').get('svc')), [
      '10.0.0.12:1002 w=1 zone-1@0',
      '10.0.0.3:1003 w=1 zone-1@0',
      '172.16.0.1:1001 w=1 zone-1@0',
    ]);
  });

  it('leaves out unhealthy and not-ready inbounds', () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default')],
      dataplanes: [
        dataplane('default', 'a', {
          address: '10.0.0.1',
          inbound: [
            inbound(1, { 'kuma.io/service': 'svc' }),
            inbound(2, { 'kuma.io/service': 'svc' }, { health: { ready: false } }),
            inbound(3, { 'kuma.io/service': 'svc' }, { state: 'NotReady' }),
            inbound(4, { 'kuma.io/service': 'svc' }, { health: { ready: true } }),
          ],
        }),
      ],
    });
    assert.deepEqual(summary(buildEndpointMap(view, 'default').get('svc')), ['10.0.0.1:1 w=1 zone-1@0', '10.0.0.1:4 w=1 zone-1@0']);
  });

  it('ignores every remote ingress when the mesh has no enabled mTLS backend', () => {
    // given the same topology without mTLS
    const map = buildEndpointMap(twoZoneView({ mtls: false }), 'default');

    // then only local endpoints remain, with weight 1, and remote-only services have none
    assert.deepEqual(summary(map.get('backend')), ['10.1.0.22:8080 w=1 zone-1@0', '192.168.0.21:8080 w=1 zone-1@0']);
    assert.equal(map.has('payments'), false);
  });

  it('counts a coordinate once, and an instance only once it has available services', () => {
    // given two instances behind one LB: the first (by name) fresh and empty, the second populated,
    // and a third populated instance at the same coordinate
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default', { mtls: true })],
      dataplanes: [dataplane('default', 'a', { address: '10.0.0.1', inbound: [inbound(1, { 'kuma.io/service': 'svc' })] })],
      remoteZoneIngresses: [
        ingressAt('a-fresh', 'zone-2', '10.2.0.1', []),
        ingressAt('b-populated', 'zone-2', '10.2.0.1', [{ service: 'svc', instances: 4 }]),
        ingressAt('c-populated-too', 'zone-2', '10.2.0.1', [{ service: 'svc', instances: 9 }]),
      ],
    });

    // when the map is built
    const map = buildEndpointMap(view, 'default');

    // then the populated instance that sorts first wins the coordinate; N = 1
    assert.deepEqual(summary(map.get('svc')), ['10.0.0.1:1 w=1 zone-1@0', '10.2.0.1:10001 w=4 zone-2@0']);
    assert.deepEqual(
      remoteIngressInstances(view).map((zi) => zi.name),
      ['b-populated'],
    );
  });

  it('treats ingresses of this zone or of no zone as local, not remote', () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default', { mtls: true })],
      remoteZoneIngresses: [
        ingressAt('own', 'zone-1', '10.1.0.1', [{ service: 'svc', instances: 1 }]),
        ingressAt('unpinned', '', '10.0.0.1', [{ service: 'svc', instances: 1 }]),
      ],
    });
    assert.equal(buildEndpointMap(view, 'default').size, 0);
  });

  it('only takes available services of the same mesh, and no external services', () => {
    const view = twoZoneView(
      { mtls: true },
      {
        remoteZoneIngresses: [
          zoneIngress('zi-2', {
            zone: 'zone-2',
            networking: { address: '10.2.0.5', port: 10001, advertisedAddress: '10.2.0.1', advertisedPort: 10001 },
            availableServices: [
              { mesh: 'other', instances: 1, tags: { 'kuma.io/service': 'only-other', 'kuma.io/zone': 'zone-2' } },
              { mesh: 'default', instances: 1, externalService: true, tags: { 'kuma.io/service': 'httpbin', 'kuma.io/zone': 'zone-2' } },
              { mesh: 'default', instances: 1, tags: { 'kuma.io/service': 'kept', 'kuma.io/zone': 'zone-2' } },
            ],
          }),
        ],
      },
    );
    const map = buildEndpointMap(view, 'default');
    assert.deepEqual([map.has('only-other'), map.has('httpbin'), map.has('kept')], [false, false, true]);
  });

  it('gives other zones priority 1 with localityAwareLoadBalancing, and keeps the locality zone either way', () => {
    const aware = buildEndpointMap(twoZoneView({ mtls: true, localityAware: true }), 'default');
    assert.deepEqual(summary(aware.get('backend')), [
      '10.1.0.22:8080 w=2 zone-1@0',
      '10.2.0.1:10001 w=2 zone-2@1',
      '10.2.0.1:10001 w=1 zone-2@1',
      '10.3.0.1:10001 w=1 zone-3@1',
      '192.168.0.21:8080 w=2 zone-1@0',
    ]);
    const unaware = buildEndpointMap(twoZoneView({ mtls: true, localityAware: false }), 'default');
    assert.ok(unaware.get('backend')?.every((e) => e.locality?.priority === 0 && e.locality.zone !== ''));
  });

  it('has no locality for an endpoint without a kuma.io/zone tag', () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default')],
      dataplanes: [dataplane('default', 'a', { address: '10.0.0.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'svc' } }] })],
    });
    assert.equal(buildEndpointMap(view, 'default').get('svc')?.[0]?.locality, undefined);
  });

  it('sends remote endpoints through every local ZoneEgress, weight 1, when routing.zoneEgress is on', () => {
    // given zone egress on, and two egress instances in zone-1
    const view = twoZoneView(
      { mtls: true, zoneEgress: true, localityAware: true },
      {
        zoneEgresses: [
          zoneEgress('ze-1', { networking: { address: '192.168.0.200', port: 10002 } }),
          zoneEgress('ze-2', { networking: { address: '192.168.0.201', port: 10002 } }),
        ],
      },
    );

    // then each remote (ingress, service entry) becomes one endpoint per egress; local weight stays N = 2
    assert.deepEqual(summary(buildEndpointMap(view, 'default').get('backend')), [
      '10.1.0.22:8080 w=2 zone-1@0',
      '192.168.0.200:10002 w=1 zone-2@1',
      '192.168.0.200:10002 w=1 zone-2@1',
      '192.168.0.200:10002 w=1 zone-3@1',
      '192.168.0.201:10002 w=1 zone-2@1',
      '192.168.0.201:10002 w=1 zone-2@1',
      '192.168.0.201:10002 w=1 zone-3@1',
      '192.168.0.21:8080 w=2 zone-1@0',
    ]);
  });

  it('returns endpoints in the same order whatever the input order', () => {
    const view = twoZoneView({ mtls: true });
    const shuffled = { ...view, dataplanes: [...view.dataplanes].reverse(), remoteZoneIngresses: [...remoteIngresses()].reverse() };
    assert.deepEqual(buildEndpointMap(shuffled, 'default'), buildEndpointMap(view, 'default'));
  });
});

describe('buildIngressEndpointMap', () => {
  it('has local healthy inbounds only, weight 1, tagged with the mesh', () => {
    const map = buildIngressEndpointMap(twoZoneView({ mtls: true }), 'default');
    assert.deepEqual(summary(map.get('backend')), ['10.1.0.22:8080 w=1 zone-1@0', '192.168.0.21:8080 w=1 zone-1@0']);
    assert.equal(map.has('payments'), false);
    assert.equal(map.get('backend')?.[0]?.tags.mesh, 'default');
  });
});

describe('buildEgressEndpointMap', () => {
  it("points at the remote ingresses' advertised coordinates, weight = instances, priority 0", () => {
    const map = buildEgressEndpointMap(twoZoneView({ mtls: true, zoneEgress: true, localityAware: true }), 'default');
    assert.deepEqual(summary(map.get('backend')), [
      '10.2.0.1:10001 w=2 zone-2@0',
      '10.2.0.1:10001 w=1 zone-2@0',
      '10.3.0.1:10001 w=1 zone-3@0',
    ]);
    assert.equal(map.get('payments')?.[0]?.tags.mesh, 'default');
  });

  it('is empty unless the mesh has both mTLS and routing.zoneEgress', () => {
    assert.equal(buildEgressEndpointMap(twoZoneView({ mtls: true, zoneEgress: false }), 'default').size, 0);
    assert.equal(buildEgressEndpointMap(twoZoneView({ mtls: false, zoneEgress: true }), 'default').size, 0);
  });
});
