import { Cluster_DiscoveryType } from '../generated/envoy/config/cluster/v3/cluster.js';
import type { Filter, FilterChain } from '../generated/envoy/config/listener/v3/listener_components.js';
import type { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import { HttpConnectionManager } from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { TcpProxy } from '../generated/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.js';
import type { Any } from '../generated/google/protobuf/any.js';
import { type FilterReferences, filterReferences, resourceReferences } from './derived-cache.js';
import type { GeneratedResource } from './generated-resource.js';
import { TypeUrls } from './xds-snapshot.js';

/** The names a resource needs other resources of the snapshot to have. */
export interface ResourceReferences {
  readonly clusters: readonly string[];
  readonly routes: readonly string[];
  readonly loadAssignments: readonly string[];
}

const HCM_TYPE_URL = `type.googleapis.com/${HttpConnectionManager.$type}`;
const TCP_PROXY_TYPE_URL = `type.googleapis.com/${TcpProxy.$type}`;

/**
 * What `resource` refers to, read from the message itself (packed filters are decoded): a
 * listener's `tcp_proxy` clusters, its HTTP connection managers' RDS names and inline routes'
 * clusters (also behind a gRPC `api_listener`); a route configuration's clusters; an EDS cluster's
 * load assignment (`service_name`, else its name). Memoised per resource object.
 */
export function referencesOf(resource: GeneratedResource): ResourceReferences {
  const known = resourceReferences.get(resource);
  if (known) return known;
  const refs = { clusters: new Set<string>(), routes: new Set<string>(), loadAssignments: new Set<string>() };
  switch (resource.typeUrl) {
    case TypeUrls.Listener: {
      const listener = resource.message;
      const chains: FilterChain[] = [...(listener.filter_chains ?? [])];
      if (listener.default_filter_chain) chains.push(listener.default_filter_chain);
      for (const filter of chains.flatMap((c) => c.filters ?? [])) addFilterReferences(filter, refs);
      if (listener.api_listener?.api_listener) addAnyReferences(listener.api_listener.api_listener, refs);
      break;
    }
    case TypeUrls.RouteConfiguration:
      addRouteReferences(resource.message, refs);
      break;
    case TypeUrls.Cluster: {
      const cluster = resource.message;
      if (cluster.cluster_discovery_type?.$case === 'type' && cluster.cluster_discovery_type.type === Cluster_DiscoveryType.EDS) {
        refs.loadAssignments.add(cluster.eds_cluster_config?.service_name || (cluster.name ?? ''));
      }
      break;
    }
    case TypeUrls.ClusterLoadAssignment:
      break;
  }
  const result: ResourceReferences = {
    clusters: [...refs.clusters].sort(),
    routes: [...refs.routes].sort(),
    loadAssignments: [...refs.loadAssignments].sort(),
  };
  resourceReferences.set(resource, result);
  return result;
}

/** A network filter's references, memoised per Filter object (zone proxies reuse unchanged chains). */
function addFilterReferences(filter: Filter, refs: FilterReferences): void {
  let own = filterReferences.get(filter);
  if (!own) {
    own = { clusters: new Set(), routes: new Set(), loadAssignments: new Set() };
    if (filter.config_type?.$case === 'typed_config') addAnyReferences(filter.config_type.typed_config, own);
    filterReferences.set(filter, own);
  }
  for (const cluster of own.clusters) refs.clusters.add(cluster);
  for (const route of own.routes) refs.routes.add(route);
}

function addAnyReferences(any: Any, refs: FilterReferences): void {
  const value = any.value ?? new Uint8Array();
  if (any.type_url === TCP_PROXY_TYPE_URL) {
    const spec = TcpProxy.decode(value).cluster_specifier;
    if (spec?.$case === 'cluster') refs.clusters.add(spec.cluster);
    if (spec?.$case === 'weighted_clusters') {
      for (const c of spec.weighted_clusters.clusters ?? []) refs.clusters.add(c.name ?? '');
    }
  } else if (any.type_url === HCM_TYPE_URL) {
    const route = HttpConnectionManager.decode(value).route_specifier;
    if (route?.$case === 'rds') refs.routes.add(route.rds.route_config_name ?? '');
    if (route?.$case === 'route_config') addRouteReferences(route.route_config, refs);
  }
}

function addRouteReferences(routeConfig: RouteConfiguration, refs: FilterReferences): void {
  for (const route of (routeConfig.virtual_hosts ?? []).flatMap((vh) => vh.routes ?? [])) {
    if (route.action?.$case !== 'route') continue;
    const spec = route.action.route.cluster_specifier;
    if (spec?.$case === 'cluster') refs.clusters.add(spec.cluster);
    if (spec?.$case === 'weighted_clusters') {
      for (const c of spec.weighted_clusters.clusters ?? []) refs.clusters.add(c.name ?? '');
    }
  }
}
