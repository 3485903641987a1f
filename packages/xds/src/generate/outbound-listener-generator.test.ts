import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatewayGenerator } from './gateway-generator.js';
import { outboundListenerGenerator } from './outbound-listener-generator.js';
import { createMeshView } from './mesh-view.js';
import { createGeneratorContext } from './shared-resource-cache.js';
import { assertGolden, resourcesToGoldenJson } from '../../test-support/golden-file.js';
import { dataplane, dataplaneNamed, mesh, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { httpConnectionManagerOf, listenerNamed, names, tcpProxyOf } from '../../test-support/resource-inspection.js';
import { dataplaneProxy } from './xds-proxy.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

describe('outboundListenerGenerator', () => {
  it('matches outbound-listener/web.golden.json: HTTP backend and TCP redis at 127.0.0.1', () => {
    const view = twoZoneView({ mtls: true });
    const resources = outboundListenerGenerator(createGeneratorContext(view), dataplaneProxy(dataplaneNamed(view, 'web-1')));
    assertGolden('outbound-listener/web.golden.json', resourcesToGoldenJson(resources));
  });

  it("routes each outbound to the cluster named after its service, by protocol of the service's endpoints", () => {
    // given web-1 with outbounds to backend (http endpoints) and redis (tcp endpoints)
    const view = twoZoneView();
    const resources = outboundListenerGenerator(createGeneratorContext(view), dataplaneProxy(dataplaneNamed(view, 'web-1')));

    // then
    assert.deepEqual(names(resources, TypeUrls.Listener), ['outbound:127.0.0.1:10001', 'outbound:127.0.0.1:10002']);
    const hcm = httpConnectionManagerOf(listenerNamed(resources, 'outbound:127.0.0.1:10001'));
    assert.equal(hcm.http_filters?.at(-1)?.name, 'envoy.filters.http.router');
    assert.equal(hcm.route_specifier?.$case === 'route_config' ? hcm.route_specifier.route_config.name : '', 'outbound:backend');
    assert.deepEqual(tcpProxyOf(listenerNamed(resources, 'outbound:127.0.0.1:10002')).cluster_specifier, {
      $case: 'cluster',
      cluster: 'redis',
    });
  });

  it('falls back to tcp_proxy for a service whose endpoints disagree on the protocol, or that has none', () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default')],
      dataplanes: [
        dataplane('default', 'client', {
          address: '10.0.0.1',
          inbound: [{ port: 1, tags: { 'kuma.io/service': 'client' } }],
          outbound: [
            { port: 2001, address: '127.0.0.2', tags: { 'kuma.io/service': 'mixed' } },
            { port: 2002, tags: { 'kuma.io/service': 'nowhere' } },
          ],
        }),
        dataplane('default', 'm1', {
          address: '10.0.0.2',
          inbound: [{ port: 1, tags: { 'kuma.io/service': 'mixed', 'kuma.io/protocol': 'http' } }],
        }),
        dataplane('default', 'm2', {
          address: '10.0.0.3',
          inbound: [{ port: 1, tags: { 'kuma.io/service': 'mixed', 'kuma.io/protocol': 'grpc' } }],
        }),
      ],
    });
    const resources = outboundListenerGenerator(createGeneratorContext(view), dataplaneProxy(dataplaneNamed(view, 'client')));
    assert.deepEqual(tcpProxyOf(listenerNamed(resources, 'outbound:127.0.0.2:2001')).cluster_specifier, {
      $case: 'cluster',
      cluster: 'mixed',
    });
    assert.deepEqual(tcpProxyOf(listenerNamed(resources, 'outbound:127.0.0.1:2002')).cluster_specifier, {
      $case: 'cluster',
      cluster: 'nowhere',
    });
  });

  it('leaves delegated gateways to the gateway generator', () => {
    const view = twoZoneView();
    const gateway = dataplaneProxy(dataplaneNamed(view, 'edge-gw'));
    const ctx = createGeneratorContext(view);
    assert.deepEqual(outboundListenerGenerator(ctx, gateway), []);
    assert.deepEqual(names(gatewayGenerator(ctx, gateway), TypeUrls.Listener), ['outbound:127.0.0.1:20001']);
  });
});

describe('gatewayGenerator', () => {
  it('matches gateway/delegated.golden.json: the outbound side of a delegated gateway', () => {
    const view = twoZoneView({ mtls: true });
    const resources = gatewayGenerator(createGeneratorContext(view), dataplaneProxy(dataplaneNamed(view, 'edge-gw')));
    assertGolden('gateway/delegated.golden.json', resourcesToGoldenJson(resources));
  });

  it('generates nothing for sidecars and builtin gateways', () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default')],
      dataplanes: [
        dataplane('default', 'builtin', { address: '10.0.0.1', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'gw' } } }),
      ],
    });
    const ctx = createGeneratorContext(view);
    assert.deepEqual(gatewayGenerator(ctx, dataplaneProxy(dataplaneNamed(view, 'builtin'))), []);
    const sidecars = twoZoneView();
    assert.deepEqual(gatewayGenerator(createGeneratorContext(sidecars), dataplaneProxy(dataplaneNamed(sidecars, 'web-1'))), []);
  });
});
