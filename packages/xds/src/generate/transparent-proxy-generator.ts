import { IpFamilyModes, type Dataplane } from '@kumiko/api';
import { type Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '../generated/envoy/config/cluster/v3/cluster.js';
import { TrafficDirection } from '../generated/envoy/config/core/v3/base.js';
import type { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { type GeneratedResource, clusterResource, listenerResource } from '../snapshot/generated-resource.js';
import { explicitOutbounds, vipGroupKey, vipOutbounds } from './dataplane-outbounds.js';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, seconds, socketAddress } from '../envoy/envoy-config-blocks.js';
import { tcpProxyFilter } from '../envoy/envoy-filters.js';
import { PassthroughNames, outboundListenerName, statsName } from '../envoy/envoy-names.js';
import { outboundListener } from './outbound-listener-generator.js';
import type { ResourceGenerator } from './resource-generator.js';

interface IpFamily {
  readonly any: string;
  /** Source address of connections handed to the local workload, so iptables can tell them apart. */
  readonly inboundSource: string;
  readonly inboundName: string;
  readonly outboundName: string;
}

const IPV4: IpFamily = {
  any: '0.0.0.0',
  inboundSource: '127.0.0.6',
  inboundName: PassthroughNames.inboundIPv4,
  outboundName: PassthroughNames.outboundIPv4,
};
const IPV6: IpFamily = {
  any: '::',
  inboundSource: '::6',
  inboundName: PassthroughNames.inboundIPv6,
  outboundName: PassthroughNames.outboundIPv6,
};

/**
 * For a Dataplane with transparent proxying (Kuma's `TransparentProxyGenerator` plus its DNS VIP
 * outbounds), per IP family (IPv4 unless `ipFamilyMode: IPv6`; IPv6 with `DualStack` or `IPv6`):
 *
 * - `outbound:passthrough:ipv4` listener on `0.0.0.0:<redirectPortOutbound>` with
 *   `use_original_dst`, to the cluster of the same name: ORIGINAL_DST, or, when the mesh turns
 *   `networking.outbound.passthrough` off, a STATIC cluster with no endpoints (traffic to unknown
 *   destinations is dropped; Kuma leaves the name dangling, which a consistent snapshot cannot);
 * - `inbound:passthrough:ipv4` listener on `0.0.0.0:<redirectPortInbound>` (when set) to an
 *   ORIGINAL_DST cluster that binds to 127.0.0.6;
 * - one listener `outbound:<vip>:80` per reachable service with a VIP (see `vipOutbounds`), unless
 *   an explicit outbound already uses that address and port.
 */
export const transparentProxyGenerator: ResourceGenerator = (ctx, proxy) => {
  if (proxy.type !== 'Dataplane') return [];
  const dataplane = proxy.dataplane;
  const group = vipGroupKey(dataplane);
  if (group === undefined) return [];
  const passthrough = ctx.view.meshes.get(dataplane.mesh)?.networking?.outbound?.passthrough ?? true;
  const out: GeneratedResource[] = [];
  for (const family of ipFamilies(dataplane)) out.push(...passthroughResources(dataplane, family, passthrough));
  const vipListeners = ctx.memo(`transparentProxyGenerator:vip:${dataplane.mesh}:${group}`, () =>
    vipOutbounds(ctx, dataplane).map((outbound) => outboundListener(ctx, dataplane.mesh, outbound, true)),
  );
  const explicit = new Set(explicitOutbounds(dataplane).map((o) => outboundListenerName(o.address, o.port)));
  out.push(...(explicit.size === 0 ? vipListeners : vipListeners.filter((l) => !explicit.has(l.name))));
  return out;
};

function ipFamilies(dataplane: Dataplane): IpFamily[] {
  const mode = dataplane.networking?.transparentProxying?.ipFamilyMode;
  if (mode === IpFamilyModes.IPv6) return [IPV6];
  if (mode === IpFamilyModes.DualStack) return [IPV4, IPV6];
  return [IPV4];
}

function passthroughResources(dataplane: Dataplane, family: IpFamily, passthrough: boolean): GeneratedResource[] {
  const tp = dataplane.networking?.transparentProxying;
  const out = [
    redirectListener(family.outboundName, family.any, tp?.redirectPortOutbound ?? 0, TrafficDirection.OUTBOUND),
    passthrough ? originalDstCluster(family.outboundName) : blackholeCluster(family.outboundName),
  ];
  const inboundPort = tp?.redirectPortInbound ?? 0;
  if (inboundPort !== 0) {
    out.push(
      redirectListener(family.inboundName, family.any, inboundPort, TrafficDirection.INBOUND),
      originalDstCluster(family.inboundName, family.inboundSource),
    );
  }
  return out;
}

function redirectListener(name: string, address: string, port: number, direction: TrafficDirection): GeneratedResource {
  const listener: Listener & { name: string } = {
    name,
    address: socketAddress(address, port),
    traffic_direction: direction,
    use_original_dst: true,
    filter_chains: [{ filters: [tcpProxyFilter(statsName(name), name)] }],
  };
  return listenerResource(listener);
}

function originalDstCluster(name: string, sourceAddress?: string): GeneratedResource {
  const cluster: Cluster & { name: string } = {
    name,
    cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.ORIGINAL_DST },
    lb_policy: Cluster_LbPolicy.CLUSTER_PROVIDED,
    connect_timeout: seconds(DEFAULT_CONNECT_TIMEOUT_SECONDS),
    upstream_bind_config: sourceAddress
      ? { source_address: { address: sourceAddress, port_specifier: { $case: 'port_value', port_value: 0 } } }
      : undefined,
  };
  return clusterResource(cluster);
}

function blackholeCluster(name: string): GeneratedResource {
  const cluster: Cluster & { name: string } = {
    name,
    cluster_discovery_type: { $case: 'type', type: Cluster_DiscoveryType.STATIC },
    connect_timeout: seconds(DEFAULT_CONNECT_TIMEOUT_SECONDS),
    load_assignment: { cluster_name: name, endpoints: [] },
  };
  return clusterResource(cluster);
}
