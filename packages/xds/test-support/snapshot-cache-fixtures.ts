/**
 * Test fixtures: hand-made Envoy resources in the shapes proxyless gRPC accepts (an inline-route or
 * RDS listener, EDS clusters, load assignments) and a snapshot encoder, so the cache and ADS server
 * can be tested without the generators.
 */
import { createHash } from 'node:crypto';
import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '../src/generated/envoy/config/cluster/v3/cluster.js';
import { ApiVersion, type ConfigSource } from '../src/generated/envoy/config/core/v3/config_source.js';
import { HealthStatus } from '../src/generated/envoy/config/core/v3/health_check.js';
import { ClusterLoadAssignment } from '../src/generated/envoy/config/endpoint/v3/endpoint.js';
import { Listener } from '../src/generated/envoy/config/listener/v3/listener.js';
import { RouteConfiguration } from '../src/generated/envoy/config/route/v3/route.js';
import { Router } from '../src/generated/envoy/extensions/filters/http/router/v3/router.js';
import { HttpConnectionManager } from '../src/generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import type { Any } from '../src/generated/google/protobuf/any.js';
import { TypeUrls, type SnapshotResource, type TypeUrl, type XdsSnapshot } from '../src/snapshot/xds-snapshot.js';

export interface TestResources {
  readonly listeners?: readonly Listener[];
  readonly routes?: readonly RouteConfiguration[];
  readonly clusters?: readonly Cluster[];
  readonly endpoints?: readonly ClusterLoadAssignment[];
}

function hash(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A SnapshotResource from already-encoded bytes (any bytes: the server never decodes them). */
export function rawResource(name: string, encoded: Uint8Array): SnapshotResource {
  return { name, encoded, version: hash(encoded) };
}

/** Builds a snapshot from resources, versioned like the real builder: by hashes of the encoded bytes. */
export function snapshotFromResources(byType: ReadonlyMap<TypeUrl, readonly SnapshotResource[]>): XdsSnapshot {
  const resources = new Map<TypeUrl, Map<string, SnapshotResource>>();
  const versions = new Map<TypeUrl, string>();
  for (const [typeUrl, list] of byType) {
    const named = new Map(list.map((resource) => [resource.name, resource]));
    resources.set(typeUrl, named);
    versions.set(
      typeUrl,
      hash(
        [...named.values()]
          .map((r) => `${r.name}:${r.version}`)
          .sort()
          .join('\n'),
      ),
    );
  }
  return { resources, versions };
}

/** Encodes the given Envoy resources into a snapshot. */
export function testSnapshot(input: TestResources): XdsSnapshot {
  const encode = <T>(
    list: readonly T[] | undefined,
    codec: { encode(message: T): { finish(): Uint8Array } },
    nameOf: (message: T) => string | undefined,
  ) => (list ?? []).map((message) => rawResource(nameOf(message) ?? '', codec.encode(message).finish()));
  return snapshotFromResources(
    new Map<TypeUrl, readonly SnapshotResource[]>([
      [TypeUrls.Listener, encode(input.listeners, Listener, (l) => l.name)],
      [TypeUrls.RouteConfiguration, encode(input.routes, RouteConfiguration, (r) => r.name)],
      [TypeUrls.Cluster, encode(input.clusters, Cluster, (c) => c.name)],
      [TypeUrls.ClusterLoadAssignment, encode(input.endpoints, ClusterLoadAssignment, (cla) => cla.cluster_name)],
    ]),
  );
}

function pack(typeName: string, bytes: Uint8Array): Any {
  return { type_url: `type.googleapis.com/${typeName}`, value: Buffer.from(bytes) };
}

const ads: ConfigSource = { config_source_specifier: { $case: 'ads', ads: {} }, resource_api_version: ApiVersion.V3 };

/**
 * A client-side (api_listener) Listener as gRPC expects for `xds:///<name>`. `rdsViaAds: false`
 * gives one gRPC rejects ("rds.config_source.ads and rds.config_source.self both unset").
 */
export function grpcListener(name: string, routeName: string, options: { rdsViaAds?: boolean } = {}): Listener {
  const configSource: ConfigSource =
    options.rdsViaAds === false
      ? { config_source_specifier: { $case: 'path', path: '/etc/routes' }, resource_api_version: ApiVersion.V3 }
      : ads;
  const hcm: HttpConnectionManager = {
    route_specifier: { $case: 'rds', rds: { config_source: configSource, route_config_name: routeName } },
    http_filters: [
      {
        name: 'envoy.filters.http.router',
        config_type: { $case: 'typed_config', typed_config: pack(Router.$type, Router.encode({}).finish()) },
      },
    ],
  };
  return { name, api_listener: { api_listener: pack(HttpConnectionManager.$type, HttpConnectionManager.encode(hcm).finish()) } };
}

/** A route configuration sending every request to `cluster`. */
export function routeTo(name: string, cluster: string): RouteConfiguration {
  return {
    name,
    virtual_hosts: [
      {
        name: 'all',
        domains: ['*'],
        routes: [
          {
            match: { path_specifier: { $case: 'prefix', prefix: '' } },
            action: { $case: 'route', route: { cluster_specifier: { $case: 'cluster', cluster } } },
          },
        ],
      },
    ],
  };
}

/** An EDS cluster over ADS, round robin; its load assignment is named `serviceName`. */
export function edsCluster(name: string, serviceName = name): Cluster {
  return {
    name,
    cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.EDS },
    eds_cluster_config: { eds_config: ads, service_name: serviceName },
    lb_policy: Cluster_LbPolicy.ROUND_ROBIN,
  };
}

/** A load assignment with one weighted locality (gRPC ignores weightless ones) of healthy endpoints. */
export function loadAssignment(
  clusterName: string,
  endpoints: readonly { readonly address: string; readonly port: number }[],
): ClusterLoadAssignment {
  return {
    cluster_name: clusterName,
    endpoints: [
      {
        locality: { region: 'test', zone: 'test-1' },
        load_balancing_weight: 1,
        lb_endpoints: endpoints.map(({ address, port }) => ({
          host_identifier: {
            $case: 'endpoint' as const,
            endpoint: {
              address: {
                address: {
                  $case: 'socket_address' as const,
                  socket_address: { address, port_specifier: { $case: 'port_value' as const, port_value: port } },
                },
              },
            },
          },
          health_status: HealthStatus.HEALTHY,
        })),
      },
    ],
  };
}
