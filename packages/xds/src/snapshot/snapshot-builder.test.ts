import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cluster, Cluster_DiscoveryType } from '../generated/envoy/config/cluster/v3/cluster.js';
import { clusterResource, listenerResource, loadAssignmentResource, routeResource } from './generated-resource.js';
import { adsConfigSource } from '../envoy/envoy-config-blocks.js';
import { httpConnectionManagerFilter, tcpProxyFilter } from '../envoy/envoy-filters.js';
import { packAny } from '../envoy/any-packer.js';
import { HttpConnectionManager } from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { buildProxySnapshot } from '../generate/proxy-resources-generator.js';
import { SharedResourceCache, createGeneratorContext } from '../generate/shared-resource-cache.js';
import { buildSnapshot, encodeResource } from './snapshot-builder.js';
import { SnapshotInconsistentError, SnapshotProblemCodes } from './snapshot-consistency.js';
import { dataplaneNamed, twoZoneView } from '../../test-support/mesh-view-fixtures.js';
import { dataplaneProxy, zoneEgressProxy, zoneIngressProxy } from '../generate/xds-proxy.js';
import { TypeUrls } from './xds-snapshot.js';

const edsCluster = (name: string, serviceName?: string) =>
  clusterResource({
    name,
    cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.EDS },
    eds_cluster_config: { eds_config: adsConfigSource(), service_name: serviceName },
  });
const cla = (name: string) => loadAssignmentResource({ cluster_name: name, endpoints: [] });
const tcpListener = (name: string, cluster: string) =>
  listenerResource({ name, filter_chains: [{ filters: [tcpProxyFilter(name, cluster)] }] });
const rdsListener = (name: string, route: string) =>
  listenerResource({
    name,
    api_listener: {
      api_listener: packAny(HttpConnectionManager, {
        route_specifier: { $case: 'rds', rds: { config_source: adsConfigSource(), route_config_name: route } },
      }),
    },
  });
const route = (name: string, cluster: string) =>
  routeResource({
    name,
    virtual_hosts: [
      { name, domains: ['*'], routes: [{ action: { $case: 'route', route: { cluster_specifier: { $case: 'cluster', cluster } } } }] },
    ],
  });

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    assert.ok(error instanceof SnapshotInconsistentError);
    assert.equal(error.code, 'SNAPSHOT_INCONSISTENT');
    return error.problems.map((p) => `${p.code} ${p.name}${p.reference === undefined ? '' : ` -> ${p.reference}`}`);
  }
  assert.fail('expected SnapshotInconsistentError');
}

describe('buildSnapshot', () => {
  it('encodes every resource, sorted by name per type, with versions that hash the content', () => {
    // given a consistent set
    const resources = [tcpListener('l', 'b'), edsCluster('b'), edsCluster('a'), cla('a'), cla('b')];

    // when it becomes a snapshot
    const snapshot = buildSnapshot(resources);

    // then names are sorted, bytes decode back, and versions are stable and content-based
    const clusters = snapshot.resources.get(TypeUrls.Cluster);
    assert.deepEqual([...(clusters?.keys() ?? [])], ['a', 'b']);
    assert.equal(Cluster.decode(clusters?.get('a')?.encoded ?? new Uint8Array()).name, 'a');
    assert.deepEqual(buildSnapshot([...resources].reverse()).versions, snapshot.versions);
    const changed = buildSnapshot([tcpListener('l', 'a'), edsCluster('b'), edsCluster('a'), cla('a'), cla('b')]);
    assert.notEqual(changed.versions.get(TypeUrls.Listener), snapshot.versions.get(TypeUrls.Listener));
    assert.equal(changed.versions.get(TypeUrls.Cluster), snapshot.versions.get(TypeUrls.Cluster));
    assert.match(snapshot.versions.get(TypeUrls.Cluster) ?? '', /^[0-9a-f]{16}$/);
  });

  it('lists every consistency problem, ordered by code, resource type, name', () => {
    const problems = problemsOf(() =>
      buildSnapshot([
        tcpListener('tcp', 'no-cluster'),
        rdsListener('grpc', 'no-route'),
        route('orphan-route', 'missing-from-route'),
        edsCluster('eds-without-cla'),
        edsCluster('named-service', 'svc-cla'),
        cla('orphan-cla'),
      ]),
    );
    assert.deepEqual(problems, [
      'MISSING_CLUSTER tcp -> no-cluster',
      'MISSING_CLUSTER orphan-route -> missing-from-route',
      'MISSING_LOAD_ASSIGNMENT eds-without-cla -> eds-without-cla',
      'MISSING_LOAD_ASSIGNMENT named-service -> svc-cla',
      'MISSING_ROUTE grpc -> no-route',
      'UNUSED_LOAD_ASSIGNMENT orphan-cla',
      'UNUSED_ROUTE orphan-route',
    ]);
  });

  it('finds clusters named by routes inlined in an HTTP connection manager', () => {
    const inline = listenerResource({
      name: 'http',
      filter_chains: [
        {
          filters: [
            httpConnectionManagerFilter('http', {
              name: 'r',
              virtual_hosts: [
                { name: 'v', routes: [{ action: { $case: 'route', route: { cluster_specifier: { $case: 'cluster', cluster: 'x' } } } }] },
              ],
            }),
          ],
        },
      ],
    });
    assert.deepEqual(
      problemsOf(() => buildSnapshot([inline])),
      ['MISSING_CLUSTER http -> x'],
    );
  });

  it('accepts the same resource twice but not two different resources with one name', () => {
    assert.doesNotThrow(() => buildSnapshot([edsCluster('a'), edsCluster('a'), cla('a')]));
    const other = clusterResource({ ...edsCluster('a').message, name: 'a', connect_timeout: { seconds: 1, nanos: 0 } });
    assert.deepEqual(
      problemsOf(() => buildSnapshot([edsCluster('a'), other, cla('a')])),
      [`${SnapshotProblemCodes.duplicateName} a`],
    );
  });

  it('shares one encoded resource between two proxies of the mesh', () => {
    // given two sidecars that both call backend and redis, generated with one cache
    const view = twoZoneView({ mtls: true });
    const cache = new SharedResourceCache();
    const web = buildProxySnapshot(cache.contextFor(view), dataplaneProxy(dataplaneNamed(view, 'web-1')));
    const tp = buildProxySnapshot(cache.contextFor(view), dataplaneProxy(dataplaneNamed(view, 'tp-client')));

    // then the backend cluster and load assignment are the very same objects in both snapshots
    const webCluster = web.resources.get(TypeUrls.Cluster)?.get('backend');
    assert.ok(webCluster);
    assert.equal(tp.resources.get(TypeUrls.Cluster)?.get('backend'), webCluster);
    assert.equal(
      tp.resources.get(TypeUrls.ClusterLoadAssignment)?.get('backend'),
      web.resources.get(TypeUrls.ClusterLoadAssignment)?.get('backend'),
    );
    // while the proxies' own listeners differ
    assert.notEqual(tp.versions.get(TypeUrls.Listener), web.versions.get(TypeUrls.Listener));
  });

  it('memoises encoding per resource object', () => {
    const resource = edsCluster('a');
    assert.equal(encodeResource(resource), encodeResource(resource));
  });

  it('builds a consistent snapshot for every proxy of the two-zone topology, in every mesh mode', () => {
    for (const options of [
      {},
      { mtls: true },
      { mtls: true, mode: 'PERMISSIVE' as const },
      { mtls: true, zoneEgress: true, localityAware: true },
      { passthrough: false },
    ]) {
      const view = twoZoneView(options);
      const ctx = createGeneratorContext(view);
      const proxies = [
        ...view.dataplanes.map(dataplaneProxy),
        ...view.zoneIngresses.map(zoneIngressProxy),
        ...view.zoneEgresses.map(zoneEgressProxy),
      ];
      for (const proxy of proxies) {
        const snapshot = buildProxySnapshot(ctx, proxy);
        assert.ok(snapshot.resources.get(TypeUrls.Listener)?.size, `${proxy.id} in ${JSON.stringify(options)} has listeners`);
      }
    }
  });
});
