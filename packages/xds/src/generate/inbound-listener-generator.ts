import { type Dataplane, type DataplaneInbound, InboundStates, MtlsModes, Protocols, Tags } from '@kumiko/api';
import { type Cluster, Cluster_DiscoveryType } from '../generated/envoy/config/cluster/v3/cluster.js';
import { TrafficDirection } from '../generated/envoy/config/core/v3/base.js';
import type { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import type { Filter, FilterChain } from '../generated/envoy/config/listener/v3/listener_components.js';
import { type GeneratedResource, clusterResource, listenerResource } from '../snapshot/generated-resource.js';
import { usesTransparentProxy } from './dataplane-outbounds.js';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, seconds, socketAddress, sortedTags } from '../envoy/envoy-config-blocks.js';
import { httpConnectionManagerFilter, singleClusterRouteConfig, tcpProxyFilter, tlsInspectorFilter } from '../envoy/envoy-filters.js';
import { inboundListenerName, inboundRouteName, localClusterName, statsName } from '../envoy/envoy-names.js';
import { isHttpProtocol, parseProtocol } from './mesh-view-index.js';
import { KUMA_ALPN, downstreamMeshTls, meshMtlsMode } from './mesh-tls.js';
import { forInbound } from './generator-error.js';
import type { ResourceGenerator } from './resource-generator.js';

/**
 * For a sidecar (Kuma's `InboundProxyGenerator`), per inbound with a service (state `Ignored`
 * skipped):
 *
 * - Cluster `localhost:<servicePort>`: STATIC, one endpoint at `serviceAddress` (default: the
 *   listener address, as Kuma's `WorkloadIP`) and `servicePort` (default: `port`);
 * - Listener `inbound:<address>:<port>` (address default `networking.address`): `tcp_proxy`, or for
 *   `kuma.io/protocol` http/http2/grpc an HTTP connection manager with inline route
 *   `inbound:<service>`, to that cluster. Tags go to listener metadata `io.kuma.tags`.
 *
 * Mesh mTLS STRICT terminates mTLS on the single filter chain; PERMISSIVE adds Kuma's three chains
 * (plaintext, TLS without the `kuma` ALPN passed through, mesh mTLS) behind a TLS inspector.
 */
export const inboundListenerGenerator: ResourceGenerator = (ctx, proxy) => {
  if (proxy.type !== 'Dataplane' || proxy.dataplane.networking?.gateway) return [];
  const dataplane = proxy.dataplane;
  const mesh = ctx.view.meshes.get(dataplane.mesh);
  const mode = mesh ? meshMtlsMode(mesh) : undefined;
  const out: GeneratedResource[] = [];
  (dataplane.networking?.inbound ?? []).forEach((inbound, index) => {
    const service = inbound.tags[Tags.service];
    if (service === undefined || service === '' || inbound.state === InboundStates.Ignored) return;
    const ref = { index, address: inbound.address || (dataplane.networking?.address ?? ''), port: inbound.port };
    out.push(...forInbound(ref, () => inboundResources(dataplane, inbound, service, mode)));
  });
  return out;
};

function inboundResources(dataplane: Dataplane, inbound: DataplaneInbound, service: string, mode: string | undefined): GeneratedResource[] {
  const listenerAddress = inbound.address || (dataplane.networking?.address ?? '');
  const workloadAddress = inbound.serviceAddress || listenerAddress;
  const workloadPort = inbound.servicePort || inbound.port;
  const protocol = parseProtocol(inbound.tags[Tags.protocol]);
  const clusterName = localClusterName(workloadPort);

  const cluster: Cluster & { name: string } = {
    name: clusterName,
    cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.STATIC },
    connect_timeout: seconds(DEFAULT_CONNECT_TIMEOUT_SECONDS),
    load_assignment: {
      cluster_name: clusterName,
      endpoints: [
        {
          lb_endpoints: [{ host_identifier: { $case: 'endpoint', endpoint: { address: socketAddress(workloadAddress, workloadPort) } } }],
        },
      ],
    },
    http2_protocol_options: protocol === Protocols.http2 || protocol === Protocols.grpc ? {} : undefined,
  };

  const filter = (): Filter =>
    isHttpProtocol(protocol)
      ? httpConnectionManagerFilter(statsName(clusterName), singleClusterRouteConfig(inboundRouteName(service), service, clusterName))
      : tcpProxyFilter(statsName(clusterName), clusterName);
  const mtls = (): FilterChain => ({ filters: [filter()], transport_socket: downstreamMeshTls(dataplane.mesh) });

  let filterChains: FilterChain[];
  if (mode === MtlsModes.PERMISSIVE) {
    filterChains = [
      { filter_chain_match: { transport_protocol: 'raw_buffer' }, filters: [filter()] },
      { filter_chain_match: { transport_protocol: 'tls' }, filters: [filter()] },
      { ...mtls(), filter_chain_match: { transport_protocol: 'tls', application_protocols: [KUMA_ALPN] } },
    ];
  } else if (mode === MtlsModes.STRICT) {
    filterChains = [mtls()];
  } else {
    filterChains = [{ filters: [filter()] }];
  }

  const listener: Listener & { name: string } = {
    name: inboundListenerName(listenerAddress, inbound.port),
    address: socketAddress(listenerAddress, inbound.port),
    traffic_direction: TrafficDirection.INBOUND,
    bind_to_port: usesTransparentProxy(dataplane) ? false : undefined,
    metadata: { filter_metadata: { 'io.kuma.tags': sortedTags(inbound.tags) } },
    listener_filters: mode === MtlsModes.PERMISSIVE ? [tlsInspectorFilter()] : undefined,
    filter_chains: filterChains,
  };
  return [clusterResource(cluster), listenerResource(listener)];
}
