import { type StringMap, Tags, sniFromTags, tagsToString } from '@kumiko/api';
import {
  type Cluster,
  Cluster_DiscoveryType,
  Cluster_LbSubsetConfig_LbSubsetFallbackPolicy,
} from '../generated/envoy/config/cluster/v3/cluster.js';
import { TrafficDirection } from '../generated/envoy/config/core/v3/base.js';
import type { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import type { FilterChain } from '../generated/envoy/config/listener/v3/listener_components.js';
import { type GeneratedResource, clusterResource, listenerResource, loadAssignmentResource } from '../snapshot/generated-resource.js';
import type { Endpoint } from './endpoint-map-builder.js';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, adsConfigSource, seconds, socketAddress } from '../envoy/envoy-config-blocks.js';
import { directResponseFilter, tcpProxyFilter, tlsInspectorFilter } from '../envoy/envoy-filters.js';
import { inboundListenerName, meshClusterName, statsName } from '../envoy/envoy-names.js';
import { buildLoadAssignment } from './load-assignment-builder.js';
import { type EndpointMapKind, serviceEndpoints, serviceEndpointsFingerprint } from './mesh-view-index.js';
import type { GeneratorContext } from './shared-resource-cache.js';
import { compareStrings } from '../snapshot/string-order.js';

/** One mesh service a zone proxy forwards to, with the tag sets it advertises. */
export interface ZoneProxyService {
  readonly mesh: string;
  readonly service: string;
  /** Full tag sets (service included) of the service's `availableServices` entries. */
  readonly tagSets: readonly StringMap[];
}

/** Where a zone proxy listens and how it names itself in its "nothing here" response. */
export interface ZoneProxyListener {
  readonly proxyId: string;
  readonly address: string;
  readonly port: number;
}

/**
 * The SNI-passthrough configuration ZoneIngress and ZoneEgress share (Kuma's
 * `zoneproxy.AddFilterChains`/`GenerateCDS`/`GenerateEDS`). TLS is never terminated:
 *
 * - Listener `inbound:<address>:<port>` with a TLS inspector and one filter chain per SNI →
 *   `tcp_proxy` → cluster `<mesh>:<service>`. Per service, SNIs are `<service>{mesh=<mesh>}` (Kuma's
 *   match-all destination; what sidecars send) and `sniFromTags({...tags, mesh})` for each advertised
 *   tag set, deduplicated. A chain narrows the cluster with `metadata_match` on the tags that really
 *   narrow its endpoint set (Kuma's "relevant tags"); chains are sorted by mesh, service, SNI.
 * - Cluster `<mesh>:<service>`: EDS; subset load balancing on the key sets chains match on.
 * - ClusterLoadAssignment `<mesh>:<service>` from `kind`'s endpoint map.
 * - Per service with `bareServerNames` (a ZoneIngress: the names proxyless gRPC clients send, see
 *   `proxylessServerNames`), one more chain after its SNI chains: those names → the whole cluster.
 * - With no service at all, one chain answering `{"proxy":"<id>","zone":"<zone>"}` and closing.
 *
 * Clusters and load assignments are shared across proxies of the same kind.
 */
export function zoneProxyResources(
  ctx: GeneratorContext,
  listener: ZoneProxyListener,
  services: readonly ZoneProxyService[],
  kind: EndpointMapKind,
  bareServerNames: ReadonlyMap<string, readonly string[]> = new Map(),
): GeneratedResource[] {
  const sorted = [...services].sort((a, b) => compareStrings(a.mesh, b.mesh) || compareStrings(a.service, b.service));
  const chains: FilterChain[] = [];
  const resources: GeneratedResource[] = [];
  for (const entry of sorted) {
    const clusterName = meshClusterName(entry.mesh, entry.service);
    const { serviceChains, selectors } = serviceFilterChains(ctx, kind, entry, clusterName);
    chains.push(...serviceChains);
    const bare = bareServerNames.get(clusterName);
    if (bare !== undefined && bare.length > 0) {
      chains.push({
        filter_chain_match: { server_names: [...bare], transport_protocol: 'tls' },
        filters: [tcpProxyFilter(statsName(clusterName), clusterName)],
      });
    }
    resources.push(
      zoneProxyCluster(ctx, kind, clusterName, selectors),
      zoneProxyLoadAssignment(ctx, kind, entry.mesh, entry.service, clusterName),
    );
  }
  if (chains.length === 0) {
    chains.push({ filters: [directResponseFilter(JSON.stringify({ proxy: listener.proxyId, zone: ctx.view.zone }))] });
  }
  const envoyListener: Listener & { name: string } = {
    name: inboundListenerName(listener.address, listener.port),
    address: socketAddress(listener.address, listener.port),
    traffic_direction: TrafficDirection.INBOUND,
    listener_filters: [tlsInspectorFilter()],
    filter_chains: chains,
  };
  return [listenerResource(envoyListener), ...resources];
}

/**
 * One service's filter chains (sorted by SNI) and the subset key sets its cluster needs. An SNI
 * names its service and mesh, so deduplicating within the service is enough. Carried across views
 * while the service's endpoints and tag sets are unchanged: a zone proxy in front of a thousand
 * services rebuilds only the chains of the service that changed.
 */
function serviceFilterChains(
  ctx: GeneratorContext,
  kind: EndpointMapKind,
  { mesh, service, tagSets }: ZoneProxyService,
  clusterName: string,
): { readonly serviceChains: readonly FilterChain[]; readonly selectors: string[][] } {
  const endpoints = serviceEndpoints(ctx, kind, mesh, service);
  const inputs = [clusterName, ...tagSets.map((tags) => tagsToString(tags)), ...endpoints];
  return ctx.carried(`zoneProxyFilterChains:${kind}:${clusterName}`, inputs, () => {
    const bySni = new Map<string, StringMap>();
    for (const destination of [{ [Tags.service]: service }, ...tagSets]) {
      const sni = sniFromTags({ ...destination, [Tags.service]: service, mesh });
      if (!bySni.has(sni)) bySni.set(sni, relevantTags(destination, endpoints));
    }
    const ordered = [...bySni.entries()].sort(([a], [b]) => compareStrings(a, b));
    return {
      serviceChains: ordered.map(([sni, relevant]) => ({
        filter_chain_match: { server_names: [sni], transport_protocol: 'tls' },
        filters: [tcpProxyFilter(statsName(clusterName), clusterName, relevant)],
      })),
      selectors: subsetSelectors(ordered.map(([, relevant]) => relevant)),
    };
  });
}

/**
 * The destination's tags (minus the service) that select a strict subset of the endpoints' addresses:
 * splitting on a tag every address carries anyway would only make Envoy drop same-address endpoints.
 */
function relevantTags(destination: StringMap, endpoints: readonly Endpoint[]): StringMap {
  const all = new Set(endpoints.map((e) => `${e.target}:${e.port}`));
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(destination).sort()) {
    if (key === Tags.service) continue;
    const value = destination[key];
    const matched = new Set(endpoints.filter((e) => e.tags[key] === value).map((e) => `${e.target}:${e.port}`));
    if (matched.size < all.size) relevant[key] = value ?? '';
  }
  return relevant;
}

/** Distinct, sorted key sets of the non-empty subsets chains select. */
function subsetSelectors(subsets: readonly StringMap[]): string[][] {
  const keySets = new Map<string, string[]>();
  for (const subset of subsets) {
    const keys = Object.keys(subset).sort();
    if (keys.length > 0) keySets.set(keys.join(','), keys);
  }
  return [...keySets.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, keys]) => keys);
}

function zoneProxyCluster(ctx: GeneratorContext, kind: EndpointMapKind, name: string, selectors: string[][]): GeneratedResource {
  return ctx.shared(`zoneProxyCluster:${kind}:${name}`, JSON.stringify(selectors), () => {
    const cluster: Cluster & { name: string } = {
      name,
      alt_stat_name: statsName(name),
      cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.EDS },
      eds_cluster_config: { eds_config: adsConfigSource() },
      connect_timeout: seconds(DEFAULT_CONNECT_TIMEOUT_SECONDS),
      lb_subset_config:
        selectors.length > 0
          ? {
              fallback_policy: Cluster_LbSubsetConfig_LbSubsetFallbackPolicy.ANY_ENDPOINT,
              subset_selectors: selectors.map((keys) => ({ keys })),
            }
          : undefined,
    };
    return clusterResource(cluster);
  });
}

function zoneProxyLoadAssignment(
  ctx: GeneratorContext,
  kind: EndpointMapKind,
  mesh: string,
  service: string,
  clusterName: string,
): GeneratedResource {
  const fingerprint = serviceEndpointsFingerprint(ctx, kind, mesh, service);
  return ctx.shared(`zoneProxyLoadAssignment:${kind}:${clusterName}`, fingerprint, () =>
    loadAssignmentResource(buildLoadAssignment(clusterName, serviceEndpoints(ctx, kind, mesh, service))),
  );
}

/** Groups advertised tag sets by (mesh, service), each tag set once. */
export function groupZoneProxyServices(entries: Iterable<{ readonly mesh: string; readonly tags: StringMap }>): ZoneProxyService[] {
  const groups = new Map<string, { mesh: string; service: string; tagSets: Map<string, StringMap> }>();
  for (const { mesh, tags } of entries) {
    const service = tags[Tags.service];
    if (service === undefined || service === '') continue;
    const key = `${mesh}\u0000${service}`;
    let group = groups.get(key);
    if (!group) {
      group = { mesh, service, tagSets: new Map() };
      groups.set(key, group);
    }
    group.tagSets.set(tagsToString(tags), tags);
  }
  return [...groups.values()].map((g) => ({
    mesh: g.mesh,
    service: g.service,
    tagSets: [...g.tagSets.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, tags]) => tags),
  }));
}
