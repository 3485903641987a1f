import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inboundListenerGenerator } from './inbound-listener-generator.js';
import { createMeshView } from './mesh-view.js';
import { createGeneratorContext } from './shared-resource-cache.js';
import { assertGolden, resourcesToGoldenJson } from '../../test-support/golden-file.js';
import { dataplane, dataplaneNamed, inbound, mesh, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import {
  clusterNamed,
  endpointAddresses,
  httpConnectionManagerOf,
  listenerNamed,
  names,
  tcpProxyOf,
} from '../../test-support/resource-inspection.js';
import { dataplaneProxy, zoneIngressProxy } from './xds-proxy.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

function generate(view: ReturnType<typeof twoZoneView>, ...dataplanes: string[]) {
  const ctx = createGeneratorContext(view);
  return dataplanes.flatMap((name) => inboundListenerGenerator(ctx, dataplaneProxy(dataplaneNamed(view, name))));
}

describe('inboundListenerGenerator', () => {
  const goldenCases = [
    { name: 'HTTP and TCP inbounds without mTLS', file: 'inbound-listener/plaintext.golden.json', view: twoZoneView() },
    { name: 'mTLS STRICT', file: 'inbound-listener/mtls-strict.golden.json', view: twoZoneView({ mtls: true }) },
    {
      name: 'mTLS PERMISSIVE',
      file: 'inbound-listener/mtls-permissive.golden.json',
      view: twoZoneView({ mtls: true, mode: 'PERMISSIVE' }),
    },
  ];
  for (const { name, file, view } of goldenCases) {
    it(`${name}: web (http), redis (tcp) and a transparent-proxy gRPC client match ${file}`, () => {
      assertGolden(file, resourcesToGoldenJson(generate(view, 'web-1', 'redis-1', 'tp-client')));
    });
  }

  it('names the listener inbound:<address>:<port> and sends TCP to localhost:<servicePort> at serviceAddress', () => {
    // given redis-1: port 6379, servicePort 16379, serviceAddress 127.0.0.1, protocol tcp
    const resources = generate(twoZoneView(), 'redis-1');

    // then
    assert.deepEqual(names(resources, TypeUrls.Listener), ['inbound:192.168.0.31:6379']);
    const listener = listenerNamed(resources, 'inbound:192.168.0.31:6379');
    assert.deepEqual(tcpProxyOf(listener).cluster_specifier, { $case: 'cluster', cluster: 'localhost:16379' });
    assert.deepEqual(endpointAddresses(clusterNamed(resources, 'localhost:16379').load_assignment), ['127.0.0.1:16379']);
  });

  it('uses an HTTP connection manager with the router filter last for http, and the listener IP as workload address', () => {
    const resources = generate(twoZoneView(), 'web-1');
    const hcm = httpConnectionManagerOf(listenerNamed(resources, 'inbound:192.168.0.10:8080'));
    assert.equal(hcm.http_filters?.at(-1)?.name, 'envoy.filters.http.router');
    assert.equal(hcm.route_specifier?.$case, 'route_config');
    const route = hcm.route_specifier.route_config.virtual_hosts?.[0]?.routes?.[0]?.action;
    assert.deepEqual(route?.$case === 'route' ? route.route.cluster_specifier : undefined, {
      $case: 'cluster',
      cluster: 'localhost:18080',
    });
    assert.deepEqual(endpointAddresses(clusterNamed(resources, 'localhost:18080').load_assignment), ['192.168.0.10:18080']);
  });

  it('does not bind inbound listeners of a transparent proxy (iptables redirects to them)', () => {
    const listener = listenerNamed(generate(twoZoneView(), 'tp-client'), 'inbound:192.168.0.40:9090');
    assert.equal(listener.bind_to_port, false);
  });

  it('skips inbounds in state Ignored and generates nothing for gateways and zone proxies', () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default')],
      dataplanes: [
        dataplane('default', 'dp', {
          address: '10.0.0.1',
          inbound: [inbound(1, { 'kuma.io/service': 'a' }), inbound(2, { 'kuma.io/service': 'b' }, { state: 'Ignored' })],
        }),
      ],
    });
    assert.deepEqual(names(generate(view, 'dp'), TypeUrls.Listener), ['inbound:10.0.0.1:1']);
    const full = twoZoneView();
    const ctx = createGeneratorContext(full);
    assert.deepEqual(inboundListenerGenerator(ctx, dataplaneProxy(dataplaneNamed(full, 'edge-gw'))), []);
    const ingress = full.zoneIngresses[0];
    assert.ok(ingress);
    assert.deepEqual(inboundListenerGenerator(ctx, zoneIngressProxy(ingress)), []);
  });
});
