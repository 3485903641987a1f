import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cluster_DiscoveryType } from '../generated/envoy/config/cluster/v3/cluster.js';
import { createGeneratorContext } from './shared-resource-cache.js';
import { assertGolden, resourcesToGoldenJson } from '../../test-support/golden-file.js';
import { type MeshOptions, dataplane, dataplaneNamed, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { clusterNamed, listenerAddress, listenerNamed, names, tcpProxyOf } from '../../test-support/resource-inspection.js';
import { transparentProxyGenerator } from './transparent-proxy-generator.js';
import { dataplaneProxy } from './xds-proxy.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

function generate(options: MeshOptions, name = 'tp-client', view = twoZoneView(options)) {
  return transparentProxyGenerator(createGeneratorContext(view), dataplaneProxy(dataplaneNamed(view, name)));
}

describe('transparentProxyGenerator', () => {
  it('matches transparent-proxy/passthrough.golden.json', () => {
    assertGolden('transparent-proxy/passthrough.golden.json', resourcesToGoldenJson(generate({ mtls: true })));
  });

  it('matches transparent-proxy/passthrough-off.golden.json', () => {
    assertGolden('transparent-proxy/passthrough-off.golden.json', resourcesToGoldenJson(generate({ mtls: true, passthrough: false })));
  });

  it('redirects with original-destination listeners and adds a VIP:80 outbound per reachable service', () => {
    const resources = generate({ mtls: true });
    assert.deepEqual(names(resources, TypeUrls.Listener), [
      'outbound:passthrough:ipv4',
      'inbound:passthrough:ipv4',
      'outbound:240.0.0.1:80',
      'outbound:240.0.0.3:80',
    ]);
    const redirect = listenerNamed(resources, 'outbound:passthrough:ipv4');
    assert.equal(redirect.use_original_dst, true);
    assert.equal(listenerAddress(redirect), '0.0.0.0:15001');
    assert.deepEqual(tcpProxyOf(redirect).cluster_specifier, { $case: 'cluster', cluster: 'outbound:passthrough:ipv4' });
    assert.equal(listenerAddress(listenerNamed(resources, 'inbound:passthrough:ipv4')), '0.0.0.0:15006');
    assert.equal(clusterNamed(resources, 'inbound:passthrough:ipv4').upstream_bind_config?.source_address?.address, '127.0.0.6');
    const vip = listenerNamed(resources, 'outbound:240.0.0.3:80');
    assert.equal(vip.bind_to_port, false);
    assert.deepEqual(tcpProxyOf(vip).cluster_specifier, { $case: 'cluster', cluster: 'payments' });
  });

  it('drops unknown destinations when the mesh turns passthrough off', () => {
    const cluster = clusterNamed(generate({ passthrough: false }), 'outbound:passthrough:ipv4');
    assert.deepEqual(cluster.cluster_discovery_type, { $case: 'type', type: Cluster_DiscoveryType.STATIC });
    assert.deepEqual(cluster.load_assignment?.endpoints, []);
    const open = clusterNamed(generate({}), 'outbound:passthrough:ipv4');
    assert.deepEqual(open.cluster_discovery_type, { $case: 'type', type: Cluster_DiscoveryType.ORIGINAL_DST });
  });

  it('adds the IPv6 family in DualStack mode and every VIP when reachableServices is empty', () => {
    const base = twoZoneView();
    const dual = dataplane('default', 'dual', {
      address: '192.168.0.41',
      inbound: [{ port: 1, tags: { 'kuma.io/service': 'dual' } }],
      transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001, ipFamilyMode: 'DualStack' },
    });
    const view = { ...base, dataplanes: [...base.dataplanes, dual] };
    const listeners = names(generate({}, 'dual', view), TypeUrls.Listener);
    assert.deepEqual(listeners, [
      'outbound:passthrough:ipv4',
      'inbound:passthrough:ipv4',
      'outbound:passthrough:ipv6',
      'inbound:passthrough:ipv6',
      'outbound:240.0.0.1:80',
      'outbound:240.0.0.3:80',
      'outbound:240.0.0.2:80',
      'outbound:240.0.0.4:80',
    ]);
  });

  it('generates nothing without transparent proxying', () => {
    assert.deepEqual(generate({}, 'web-1'), []);
  });
});
