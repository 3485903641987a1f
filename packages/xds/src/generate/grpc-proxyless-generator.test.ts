import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cluster_DiscoveryType, Cluster_LbPolicy } from '../generated/envoy/config/cluster/v3/cluster.js';
import { buildProxylessSnapshot, generateProxylessResources, parseProxylessListenerName } from './grpc-proxyless-generator.js';
import { proxylessDownstreamMeshTls, proxylessUpstreamMeshTls } from './proxyless-mesh-tls.js';
import { createMeshView } from './mesh-view.js';
import { createGeneratorContext } from './shared-resource-cache.js';
import { assertGolden, resourcesToGoldenJson } from '../../test-support/golden-file.js';
import { type MeshOptions, dataplane, mesh, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import {
  clusterNamed,
  endpointAddresses,
  httpConnectionManagerOf,
  listenerNamed,
  loadAssignmentNamed,
  names,
  routeNamed,
} from '../../test-support/resource-inspection.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

function generate(options: MeshOptions, listenerNames: string[], view = twoZoneView(options)) {
  return generateProxylessResources(createGeneratorContext(view), 'default', listenerNames);
}

describe('parseProxylessListenerName', () => {
  const cases = [
    { name: 'backend', expected: { host: 'backend' } },
    { name: 'backend.mesh', expected: { host: 'backend' } },
    { name: 'backend:8080', expected: { host: 'backend', port: 8080 } },
    { name: 'backend.mesh:80', expected: { host: 'backend', port: 80 } },
    { name: 'backend:http', expected: undefined },
    { name: 'backend:0', expected: undefined },
    { name: '.mesh', expected: undefined },
    { name: '', expected: undefined },
    { name: 'xdstp://authority/envoy.config.listener.v3.Listener/backend', expected: undefined },
  ];
  for (const { name, expected } of cases) {
    it(`reads ${JSON.stringify(name)} as ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseProxylessListenerName(name), expected);
    });
  }
});

describe('generateProxylessResources', () => {
  it('matches grpc-proxyless/locality-aware.golden.json', () => {
    const resources = generate({ mtls: true, localityAware: true }, ['backend', 'backend.mesh:8080', 'payments.mesh', 'no-such-service']);
    assertGolden('grpc-proxyless/locality-aware.golden.json', resourcesToGoldenJson(resources));
  });

  it('emits, per requested name, the api_listener → RDS → cluster → EDS chain gRPC accepts', () => {
    // given a client that asked for backend under two names
    const resources = generate({}, ['backend', 'backend.mesh:8080']);

    // then both listeners exist under the exact requested names and share route, cluster and CLA
    assert.deepEqual(names(resources, TypeUrls.Listener), ['backend', 'backend.mesh:8080']);
    assert.deepEqual(names(resources, TypeUrls.RouteConfiguration), ['outbound:backend']);
    for (const name of ['backend', 'backend.mesh:8080']) {
      const listener = listenerNamed(resources, name);
      assert.equal(listener.listener_filters, undefined);
      assert.notEqual(listener.use_original_dst, true);
      const hcm = httpConnectionManagerOf(listener, 'api');
      assert.equal(hcm.route_specifier?.$case, 'rds');
      assert.equal(hcm.route_specifier.rds.config_source?.config_source_specifier?.$case, 'ads');
      assert.equal(hcm.route_specifier.rds.route_config_name, 'outbound:backend');
      assert.deepEqual(
        hcm.http_filters?.map((f) => f.name),
        ['envoy.filters.http.router'],
      );
    }
    const vhost = routeNamed(resources, 'outbound:backend').virtual_hosts?.[0];
    assert.deepEqual(vhost?.domains, ['*']);
    const action = vhost?.routes?.[0]?.action;
    assert.deepEqual(action?.$case === 'route' ? action.route.cluster_specifier : undefined, { $case: 'cluster', cluster: 'backend' });
    const cluster = clusterNamed(resources, 'backend');
    assert.deepEqual(cluster.cluster_discovery_type, { $case: 'type', type: Cluster_DiscoveryType.EDS });
    assert.equal(cluster.eds_cluster_config?.eds_config?.config_source_specifier?.$case, 'ads');
    assert.equal(cluster.eds_cluster_config?.service_name, 'backend');
    assert.equal(cluster.lb_policy, Cluster_LbPolicy.ROUND_ROBIN);
    assert.equal(cluster.transport_socket, undefined);
  });

  it('gives every locality a locality and a weight, with priorities contiguous from 0', () => {
    // given locality-aware routing where payments exists only in zone-2 (priority 1 for Envoy)
    const resources = generate({ mtls: true, localityAware: true }, ['payments', 'backend']);

    // then payments' single locality is priority 0, and backend's are 0 and 1
    const payments = loadAssignmentNamed(resources, 'payments');
    assert.deepEqual(
      payments.endpoints?.map((g) => [g.locality, g.priority, g.load_balancing_weight]),
      [[{ zone: 'zone-2' }, 0, 3]],
    );
    const backend = loadAssignmentNamed(resources, 'backend');
    assert.deepEqual(
      backend.endpoints?.map((g) => [g.locality?.zone, g.priority, g.load_balancing_weight]),
      [
        ['zone-1', 0, 4],
        ['zone-2', 1, 3],
        ['zone-3', 1, 1],
      ],
    );
  });

  it('lists each address once, adding the weights of repeats', () => {
    // given zone-2's backend advertised twice (v1 ×2, v3 ×1) behind one ingress coordinate
    const cla = loadAssignmentNamed(generate({ mtls: true }, ['backend']), 'backend');
    assert.deepEqual(endpointAddresses(cla), ['10.1.0.22:8080', '192.168.0.21:8080', '10.2.0.1:10001', '10.3.0.1:10001']);
    const zone2 = cla.endpoints?.find((g) => g.locality?.zone === 'zone-2');
    assert.deepEqual(
      zone2?.lb_endpoints?.map((e) => e.load_balancing_weight),
      [3],
    );
  });

  it("drops endpoints whose address is not an IP literal, and resolves Kuma's dotted DNS name", () => {
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [mesh('default')],
      dataplanes: [
        dataplane('default', 'by-name', {
          address: 'db.internal',
          inbound: [{ port: 5432, tags: { 'kuma.io/service': 'db_prod_svc_5432' } }],
        }),
        dataplane('default', 'by-ip', { address: '10.0.0.7', inbound: [{ port: 5432, tags: { 'kuma.io/service': 'db_prod_svc_5432' } }] }),
      ],
    });
    const resources = generate({}, ['db.prod.svc.5432.mesh:5432'], view);
    assert.deepEqual(names(resources, TypeUrls.Listener), ['db.prod.svc.5432.mesh:5432']);
    assert.deepEqual(endpointAddresses(loadAssignmentNamed(resources, 'db_prod_svc_5432')), ['10.0.0.7:5432']);
    const group = loadAssignmentNamed(resources, 'db_prod_svc_5432').endpoints?.[0];
    assert.deepEqual([group?.locality, group?.load_balancing_weight], [{}, 1]);
  });

  it('produces nothing for names that resolve to no service', () => {
    assert.deepEqual(generate({}, ['no-such-service', 'xdstp://x/y']), []);
  });

  it('builds a consistent snapshot with all four types', () => {
    const snapshot = buildProxylessSnapshot(createGeneratorContext(twoZoneView({})), 'default', ['backend', 'redis.mesh:80']);
    assert.deepEqual(
      [...snapshot.resources.entries()].map(([type, named]) => [type.slice(type.lastIndexOf('.') + 1), [...named.keys()]]),
      [
        ['Listener', ['backend', 'redis.mesh:80']],
        ['RouteConfiguration', ['outbound:backend', 'outbound:redis']],
        ['Cluster', ['backend', 'redis']],
        ['ClusterLoadAssignment', ['backend', 'redis']],
      ],
    );
  });
});

describe('proxyless clusters in an mTLS mesh', () => {
  it('given a client holding the mesh identity, then clusters carry the certificate-provider TLS context; otherwise plaintext', () => {
    const ctx = createGeneratorContext(twoZoneView({ mtls: true }));
    const tlsOf = (meshIdentity: boolean) =>
      generateProxylessResources(ctx, 'default', ['backend'], { meshIdentity })
        .filter((resource) => resource.typeUrl === TypeUrls.Cluster)
        .map((resource) => (resource.message as { transport_socket?: unknown }).transport_socket);
    assert.deepEqual(tlsOf(false), [undefined]);
    const [socket] = tlsOf(true);
    assert.deepEqual(socket, proxylessUpstreamMeshTls('default', 'backend'));
  });
});

describe('proxyless server listeners (gRFC A36)', () => {
  it('given <ip>:<port> of a Dataplane inbound of the mesh, then a listener routing to the server itself, with mTLS for an identity holder', () => {
    const view = twoZoneView({ mtls: true });
    const web = view.dataplanes.find((dp) => dp.name === 'web-1');
    const inbound = web?.networking?.inbound[0];
    assert.ok(web && inbound);
    const name = `${inbound.address || web.networking?.address}:${inbound.port}`;
    const listenerOf = (meshIdentity: boolean) => {
      const [listener] = generateProxylessResources(createGeneratorContext(view), 'default', [name], { meshIdentity });
      return listener?.message as { name?: string; filter_chains?: { transport_socket?: unknown }[] } | undefined;
    };
    assert.equal(listenerOf(false)?.name, name);
    assert.equal(listenerOf(false)?.filter_chains?.[0]?.transport_socket, undefined);
    assert.deepEqual(listenerOf(true)?.filter_chains?.[0]?.transport_socket, proxylessDownstreamMeshTls());
    assert.deepEqual(generateProxylessResources(createGeneratorContext(view), 'default', ['10.9.9.9:1']), [], 'no inbound there');
  });
});
