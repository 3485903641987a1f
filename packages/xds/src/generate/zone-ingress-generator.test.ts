import assert from 'node:assert/strict';
import { computeAvailableServices } from '@kumiko/api';
import { describe, it } from 'node:test';
import { DirectResponseConfig } from '../../test-support/direct-response.js';
import { createMeshView } from './mesh-view.js';
import { SharedResourceCache, createGeneratorContext } from './shared-resource-cache.js';
import { assertGolden, resourcesToGoldenJson } from '../../test-support/golden-file.js';
import { dataplane, inbound, mesh, twoZoneView, zoneIngress } from '../../test-support/mesh-view-fixtures.js';
import {
  clusterNamed,
  endpointAddresses,
  listenerNamed,
  loadAssignmentNamed,
  names,
  tcpProxyOf,
} from '../../test-support/resource-inspection.js';
import { zoneIngressGenerator } from './zone-ingress-generator.js';
import { dataplaneProxy, zoneIngressProxy } from './xds-proxy.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

function generateFor(view: ReturnType<typeof twoZoneView>) {
  const ingress = view.zoneIngresses[0];
  assert.ok(ingress);
  return zoneIngressGenerator(createGeneratorContext(view), zoneIngressProxy(ingress));
}

describe('zoneIngressGenerator', () => {
  it('matches zone-ingress/services.golden.json: several services and tag sets', () => {
    assertGolden('zone-ingress/services.golden.json', resourcesToGoldenJson(generateFor(twoZoneView({ mtls: true }))));
  });

  it('matches zone-ingress/empty.golden.json: a direct response when there is nothing to forward', () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default', { mtls: true })],
      zoneIngresses: [zoneIngress('zi-1', { networking: { address: '192.168.0.100', port: 10001 } })],
    });
    assertGolden('zone-ingress/empty.golden.json', resourcesToGoldenJson(generateFor(view)));
  });

  it('has one listener with a TLS inspector and a chain per SNI to <mesh>:<service>, without terminating TLS', () => {
    const resources = generateFor(twoZoneView({ mtls: true }));
    assert.deepEqual(names(resources, TypeUrls.Listener), ['inbound:192.168.0.100:10001']);
    const listener = listenerNamed(resources, 'inbound:192.168.0.100:10001');
    assert.deepEqual(
      listener.listener_filters?.map((f) => f.name),
      ['envoy.filters.listener.tls_inspector'],
    );
    const chains = (listener.filter_chains ?? []).map((chain, i) => ({
      sni: chain.filter_chain_match?.server_names?.join(','),
      tls: chain.filter_chain_match?.transport_protocol,
      cluster: tcpProxyOf(listener, i).cluster_specifier,
      subset: tcpProxyOf(listener, i).metadata_match?.filter_metadata?.['envoy.lb'],
      terminates: chain.transport_socket !== undefined,
    }));
    assert.deepEqual(chains.slice(0, 3), [
      {
        sni: 'backend{kuma.io/protocol=http,kuma.io/zone=zone-1,mesh=default,version=v1}',
        tls: 'tls',
        cluster: { $case: 'cluster', cluster: 'default:backend' },
        subset: { version: 'v1' },
        terminates: false,
      },
      {
        sni: 'backend{kuma.io/protocol=http,kuma.io/zone=zone-1,mesh=default,version=v2}',
        tls: 'tls',
        cluster: { $case: 'cluster', cluster: 'default:backend' },
        subset: { version: 'v2' },
        terminates: false,
      },
      {
        sni: 'backend{mesh=default}',
        tls: 'tls',
        cluster: { $case: 'cluster', cluster: 'default:backend' },
        subset: undefined,
        terminates: false,
      },
    ]);
    assert.ok(chains.some((c) => c.sni === 'redis{mesh=default}'));
  });

  it('forwards to local healthy endpoints only, with subset load balancing on the narrowing tags', () => {
    const resources = generateFor(twoZoneView({ mtls: true }));
    assert.deepEqual(names(resources, TypeUrls.Cluster), ['default:backend', 'default:client', 'default:redis', 'default:web']);
    assert.deepEqual(endpointAddresses(loadAssignmentNamed(resources, 'default:backend')), ['10.1.0.22:8080', '192.168.0.21:8080']);
    assert.deepEqual(clusterNamed(resources, 'default:backend').lb_subset_config?.subset_selectors, [{ keys: ['version'] }]);
    assert.equal(clusterNamed(resources, 'default:redis').lb_subset_config, undefined);
  });

  it('answers {"proxy","zone"} when there is nothing to forward', () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default')],
      zoneIngresses: [zoneIngress('zi-1', { networking: { address: '192.168.0.100', port: 10001 } })],
    });
    const resources = generateFor(view);
    assert.equal(resources.length, 1);
    const filter = listenerNamed(resources, 'inbound:192.168.0.100:10001').filter_chains?.[0]?.filters?.[0]?.config_type;
    assert.equal(filter?.$case, 'typed_config');
    const body = DirectResponseConfig.decode(filter.typed_config.value ?? new Uint8Array()).response?.specifier;
    assert.deepEqual(body, { $case: 'inline_string', inline_string: '{"proxy":".zi-1","zone":"zone-1"}' });
  });

  it('rebuilds only the chains of a service whose endpoints or tag sets changed, across views', () => {
    // given one cache, and a next view where backend gained a v3 instance (and the ingress advertises it)
    const cache = new SharedResourceCache();
    const before = twoZoneView({ mtls: true });
    const backend3 = dataplane('default', 'backend-9', {
      address: '192.168.0.29',
      inbound: [inbound(8080, { 'kuma.io/service': 'backend', 'kuma.io/protocol': 'http', version: 'v3' })],
    });
    const dataplanes = [...before.dataplanes, backend3];
    const ingressAfter = zoneIngress('zi-1', {
      networking: { address: '192.168.0.100', port: 10001 },
      availableServices: computeAvailableServices({ dataplanes, meshes: [...before.meshes.values()] }),
    });
    const after = { ...before, dataplanes, zoneIngresses: [ingressAfter] };
    const chainsOf = (view: typeof before) => {
      const ingress = view.zoneIngresses[0];
      assert.ok(ingress);
      const resources = zoneIngressGenerator(cache.contextFor(view), zoneIngressProxy(ingress));
      const chains = listenerNamed(resources, 'inbound:192.168.0.100:10001').filter_chains ?? [];
      return new Map(chains.map((c) => [c.filter_chain_match?.server_names?.[0] ?? '', c]));
    };

    // when both views are generated
    const first = chainsOf(before);
    const second = chainsOf(after);

    // then backend has a chain for v3, and redis' chain is the very same object as before
    assert.ok(second.has('backend{kuma.io/protocol=http,kuma.io/zone=zone-1,mesh=default,version=v3}'));
    assert.equal(first.has('backend{kuma.io/protocol=http,kuma.io/zone=zone-1,mesh=default,version=v3}'), false);
    assert.equal(second.get('redis{mesh=default}'), first.get('redis{mesh=default}'));
    assert.notEqual(second.get('backend{mesh=default}'), first.get('backend{mesh=default}'));
  });

  it('routes the bare names proxyless gRPC clients send as SNI, only in mTLS meshes and only when one mesh claims the name', () => {
    // given greeter in two mTLS meshes, backend in one mTLS mesh, and web in a plaintext mesh
    const dataplanes = [
      dataplane('a', 'greeter-a', { address: '10.0.0.1', inbound: [inbound(8080, { 'kuma.io/service': 'greeter' })] }),
      dataplane('b', 'greeter-b', { address: '10.0.0.2', inbound: [inbound(8080, { 'kuma.io/service': 'greeter' })] }),
      dataplane('b', 'backend-b', { address: '10.0.0.3', inbound: [inbound(8080, { 'kuma.io/service': 'backend' })] }),
      dataplane('plain', 'web-p', { address: '10.0.0.4', inbound: [inbound(8080, { 'kuma.io/service': 'web' })] }),
    ];
    const meshes = [mesh('a', { mtls: true }), mesh('b', { mtls: true }), mesh('plain')];
    const view = createMeshView({
      zone: 'zone-1',
      meshes,
      dataplanes,
      zoneIngresses: [
        zoneIngress('zi-1', {
          networking: { address: '192.168.0.100', port: 10001 },
          availableServices: computeAvailableServices({ dataplanes, meshes }),
        }),
      ],
    });

    // when the ingress's listener is generated
    const listener = listenerNamed(generateFor(view), 'inbound:192.168.0.100:10001');
    const bySni = new Map<string, unknown>();
    (listener.filter_chains ?? []).forEach((chain, i) => {
      for (const sni of chain.filter_chain_match?.server_names ?? []) bySni.set(sni, tcpProxyOf(listener, i).cluster_specifier);
    });

    // then Kuma's SNIs route everything, and bare names only the unambiguous mTLS service
    assert.deepEqual([...bySni.keys()].sort(), [
      'backend',
      'backend.mesh',
      'backend{kuma.io/zone=zone-1,mesh=b}',
      'backend{mesh=b}',
      'greeter{kuma.io/zone=zone-1,mesh=a}',
      'greeter{kuma.io/zone=zone-1,mesh=b}',
      'greeter{mesh=a}',
      'greeter{mesh=b}',
      'web{kuma.io/zone=zone-1,mesh=plain}',
      'web{mesh=plain}',
    ]);
    assert.deepEqual(bySni.get('backend'), { $case: 'cluster', cluster: 'b:backend' });
    assert.deepEqual(bySni.get('backend.mesh'), { $case: 'cluster', cluster: 'b:backend' });
  });

  it('generates nothing for Dataplanes', () => {
    const view = twoZoneView();
    const dp = view.dataplanes[0];
    assert.ok(dp);
    assert.deepEqual(zoneIngressGenerator(createGeneratorContext(view), dataplaneProxy(dp)), []);
  });
});
