import type { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import type { LbEndpoint, LocalityLbEndpoints } from '../generated/envoy/config/endpoint/v3/endpoint_components.js';
import type { Endpoint, EndpointLocality } from './endpoint-map-builder.js';
import { lbMetadata, socketAddress } from '../envoy/envoy-config-blocks.js';
import { compareStrings } from '../snapshot/string-order.js';

/** Endpoints that share a locality (zone and priority); `locality` is absent for untagged ones. */
export interface LocalityGroup {
  readonly locality: EndpointLocality | undefined;
  readonly endpoints: readonly Endpoint[];
}

/**
 * Groups endpoints by (priority, zone), untagged endpoints first within priority 0; the endpoints
 * keep their order (the endpoint map sorts them by address and port).
 */
export function groupByLocality(endpoints: readonly Endpoint[]): LocalityGroup[] {
  const groups = new Map<string, { locality: EndpointLocality | undefined; endpoints: Endpoint[] }>();
  for (const endpoint of endpoints) {
    const key = endpoint.locality ? `${endpoint.locality.priority}\u0001${endpoint.locality.zone}` : '';
    const group = groups.get(key);
    if (group) group.endpoints.push(endpoint);
    else groups.set(key, { locality: endpoint.locality, endpoints: [endpoint] });
  }
  return [...groups.values()].sort((a, b) => {
    const priority = (a.locality?.priority ?? 0) - (b.locality?.priority ?? 0);
    if (priority !== 0) return priority;
    if (!a.locality || !b.locality) return a.locality ? 1 : b.locality ? -1 : 0;
    return compareStrings(a.locality.zone, b.locality.zone);
  });
}

/**
 * The ClusterLoadAssignment Kuma builds for a sidecar or zone proxy (`CreateClusterLoadAssignment`):
 * one LocalityLbEndpoints per locality, each endpoint weighted and carrying its tags (minus the
 * service) as `envoy.lb` metadata. The locality's `load_balancing_weight` is the sum of its
 * endpoints' weights: Envoy ignores it without locality-weighted balancing, gRPC requires it.
 */
export function buildLoadAssignment(clusterName: string, endpoints: readonly Endpoint[]): ClusterLoadAssignment & { cluster_name: string } {
  return {
    cluster_name: clusterName,
    endpoints: groupByLocality(endpoints).map((group): LocalityLbEndpoints => ({
      locality: group.locality ? { zone: group.locality.zone } : undefined,
      priority: group.locality?.priority,
      load_balancing_weight: group.endpoints.reduce((sum, e) => sum + e.weight, 0),
      lb_endpoints: group.endpoints.map((e): LbEndpoint => ({
        host_identifier: { $case: 'endpoint', endpoint: { address: socketAddress(e.target, e.port) } },
        metadata: lbMetadata(e.tags),
        load_balancing_weight: e.weight,
      })),
    })),
  };
}
