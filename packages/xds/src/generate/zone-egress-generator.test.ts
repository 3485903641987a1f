import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGeneratorContext } from './shared-resource-cache.js';
import { assertGolden, resourcesToGoldenJson } from '../../test-support/golden-file.js';
import { type MeshOptions, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { endpointAddresses, listenerNamed, loadAssignmentNamed, names, tcpProxyOf } from '../../test-support/resource-inspection.js';
import { zoneEgressGenerator } from './zone-egress-generator.js';
import { zoneEgressProxy } from './xds-proxy.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

function generate(options: MeshOptions) {
  const view = twoZoneView(options);
  const egress = view.zoneEgresses[0];
  assert.ok(egress);
  return zoneEgressGenerator(createGeneratorContext(view), zoneEgressProxy(egress));
}

describe('zoneEgressGenerator', () => {
  it('matches zone-egress/egress-on.golden.json: SNI passthrough to the remote ingresses', () => {
    assertGolden('zone-egress/egress-on.golden.json', resourcesToGoldenJson(generate({ mtls: true, zoneEgress: true })));
  });

  it('matches zone-egress/egress-off.golden.json: only the direct response', () => {
    assertGolden('zone-egress/egress-off.golden.json', resourcesToGoldenJson(generate({ mtls: true, zoneEgress: false })));
  });

  it("forwards each remote service's SNI to <mesh>:<service> at the remote ingress coordinates", () => {
    const resources = generate({ mtls: true, zoneEgress: true });
    assert.deepEqual(names(resources, TypeUrls.Cluster), ['default:backend', 'default:payments']);
    assert.deepEqual(endpointAddresses(loadAssignmentNamed(resources, 'default:payments')), ['10.2.0.1:10001']);
    assert.deepEqual(endpointAddresses(loadAssignmentNamed(resources, 'default:backend')), [
      '10.2.0.1:10001',
      '10.2.0.1:10001',
      '10.3.0.1:10001',
    ]);
    const listener = listenerNamed(resources, 'inbound:192.168.0.200:10002');
    const backend = listener.filter_chains?.findIndex((c) => c.filter_chain_match?.server_names?.[0] === 'backend{mesh=default}') ?? -1;
    assert.ok(backend >= 0);
    assert.deepEqual(tcpProxyOf(listener, backend).cluster_specifier, { $case: 'cluster', cluster: 'default:backend' });
    assert.equal(tcpProxyOf(listener, backend).metadata_match, undefined);
  });

  it('serves no mesh service when the mesh does not route through the egress', () => {
    assert.deepEqual(names(generate({ mtls: true, zoneEgress: false }), TypeUrls.Cluster), []);
  });
});
