import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edsClusterGenerator } from './eds-cluster-generator.js';
import { SharedResourceCache, createGeneratorContext } from './shared-resource-cache.js';
import { assertGolden, resourcesToGoldenJson } from '../../test-support/golden-file.js';
import { type MeshOptions, dataplane, dataplaneNamed, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { clusterNamed, endpointAddresses, loadAssignmentNamed, names, upstreamTlsOf } from '../../test-support/resource-inspection.js';
import { dataplaneProxy } from './xds-proxy.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

function generate(options: MeshOptions, name = 'web-1') {
  const view = twoZoneView(options);
  return edsClusterGenerator(createGeneratorContext(view), dataplaneProxy(dataplaneNamed(view, name)));
}

describe('edsClusterGenerator', () => {
  const goldenCases: { name: string; file: string; options: MeshOptions; proxy?: string }[] = [
    { name: 'mTLS off (local endpoints only)', file: 'eds-cluster/plaintext.golden.json', options: {} },
    { name: 'mTLS on, two remote zones', file: 'eds-cluster/mtls.golden.json', options: { mtls: true } },
    { name: 'mTLS on, locality-aware', file: 'eds-cluster/mtls-locality-aware.golden.json', options: { mtls: true, localityAware: true } },
    {
      name: 'mTLS on, through the zone egress',
      file: 'eds-cluster/mtls-zone-egress.golden.json',
      options: { mtls: true, zoneEgress: true, localityAware: true },
    },
    {
      name: 'transparent proxy with reachableServices',
      file: 'eds-cluster/transparent-proxy.golden.json',
      options: { mtls: true },
      proxy: 'tp-client',
    },
  ];
  for (const { name, file, options, proxy } of goldenCases) {
    it(`${name} matches ${file}`, () => {
      assertGolden(file, resourcesToGoldenJson(generate(options, proxy)));
    });
  }

  it('emits a cluster and a load assignment named after each outbound service', () => {
    const resources = generate({ mtls: true });
    assert.deepEqual(names(resources, TypeUrls.Cluster), ['backend', 'redis']);
    assert.deepEqual(names(resources, TypeUrls.ClusterLoadAssignment), ['backend', 'redis']);
    const cluster = clusterNamed(resources, 'backend');
    assert.equal(cluster.eds_cluster_config?.eds_config?.config_source_specifier?.$case, 'ads');
  });

  it('adds mesh mTLS with SNI <service>{mesh=<mesh>}, ALPN kuma and SDS secrets only when mTLS is enabled', () => {
    const tls = upstreamTlsOf(clusterNamed(generate({ mtls: true }), 'backend'));
    assert.equal(tls?.sni, 'backend{mesh=default}');
    assert.deepEqual(tls?.common_tls_context?.alpn_protocols, ['kuma']);
    assert.deepEqual(
      tls?.common_tls_context?.tls_certificate_sds_secret_configs?.map((s) => s.name),
      ['identity_cert:secret:default'],
    );
    const validation = tls?.common_tls_context?.validation_context_type;
    assert.equal(
      validation?.$case === 'combined_validation_context'
        ? validation.combined_validation_context.validation_context_sds_secret_config?.name
        : '',
      'mesh_ca:secret:default',
    );
    assert.equal(upstreamTlsOf(clusterNamed(generate({}), 'backend')), undefined);
  });

  it('groups endpoints by locality and priority, weighted per endpoint and per locality', () => {
    const cla = loadAssignmentNamed(generate({ mtls: true, localityAware: true }), 'backend');
    assert.deepEqual(
      cla.endpoints?.map((g) => [g.locality?.zone, g.priority ?? 0, g.load_balancing_weight, endpointAddresses({ endpoints: [g] })]),
      [
        ['zone-1', 0, 4, ['10.1.0.22:8080', '192.168.0.21:8080']],
        ['zone-2', 1, 3, ['10.2.0.1:10001', '10.2.0.1:10001']],
        ['zone-3', 1, 1, ['10.3.0.1:10001']],
      ],
    );
    assert.deepEqual(cla.endpoints?.[0]?.lb_endpoints?.[0]?.metadata?.filter_metadata?.['envoy.lb'], {
      'kuma.io/protocol': 'http',
      'kuma.io/zone': 'zone-1',
      version: 'v2',
    });
  });

  it('gives a sidecar without transparent proxying only its own services, even after a transparent proxy of the mesh', () => {
    // given one cache, a transparent proxy that reaches every VIP, then web-1 (explicit outbounds only)
    const base = twoZoneView({ mtls: true });
    const everything = dataplane('default', 'tp-all', {
      address: '192.168.0.41',
      inbound: [{ port: 1, tags: { 'kuma.io/service': 'all' } }],
      transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001 },
    });
    const view = { ...base, dataplanes: [...base.dataplanes, everything] };
    const cache = new SharedResourceCache();
    const tp = edsClusterGenerator(cache.contextFor(view), dataplaneProxy(everything));
    const web = edsClusterGenerator(cache.contextFor(view), dataplaneProxy(dataplaneNamed(view, 'web-1')));

    // then each gets its own set
    assert.deepEqual(names(tp, TypeUrls.Cluster), ['backend', 'payments', 'redis', 'web']);
    assert.deepEqual(names(web, TypeUrls.Cluster), ['backend', 'redis']);
  });

  it('covers VIP services of a transparent proxy, limited to its reachableServices', () => {
    assert.deepEqual(names(generate({ mtls: true }, 'tp-client'), TypeUrls.Cluster), ['backend', 'payments']);
  });
});
