import type { Dataplane } from '@kumiko/api';
import { TrafficDirection } from '../generated/envoy/config/core/v3/base.js';
import type { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { type GeneratedResource, listenerResource } from '../snapshot/generated-resource.js';
import { type DataplaneOutbound, explicitOutbounds, usesTransparentProxy } from './dataplane-outbounds.js';
import { socketAddress } from '../envoy/envoy-config-blocks.js';
import { httpConnectionManagerFilter, singleClusterRouteConfig, tcpProxyFilter } from '../envoy/envoy-filters.js';
import { outboundListenerName, outboundRouteName, statsName } from '../envoy/envoy-names.js';
import { isHttpProtocol, serviceProtocol } from './mesh-view-index.js';
import type { ResourceGenerator } from './resource-generator.js';
import type { GeneratorContext } from './shared-resource-cache.js';

/**
 * For a sidecar: one listener `outbound:<address>:<port>` per declared outbound (address default
 * 127.0.0.1) to the service's cluster. Delegated gateways use {@link gatewayGenerator} instead.
 */
export const outboundListenerGenerator: ResourceGenerator = (ctx, proxy) => {
  if (proxy.type !== 'Dataplane' || proxy.dataplane.networking?.gateway) return [];
  return outboundListeners(ctx, proxy.dataplane);
};

/** The listeners of a Dataplane's declared outbounds, one per distinct address:port (the first wins). */
export function outboundListeners(ctx: GeneratorContext, dataplane: Dataplane): GeneratedResource[] {
  const transparent = usesTransparentProxy(dataplane);
  const seen = new Set<string>();
  const out: GeneratedResource[] = [];
  for (const outbound of explicitOutbounds(dataplane)) {
    const name = outboundListenerName(outbound.address, outbound.port);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(outboundListener(ctx, dataplane.mesh, outbound, transparent));
  }
  return out;
}

/**
 * One outbound listener (Kuma's `OutboundListener`): `tcp_proxy` to the cluster named after the
 * service, or, when the service's endpoints speak HTTP, an HTTP connection manager whose inline
 * route `outbound:<service>` sends everything to that cluster. With transparent proxying it does
 * not bind (iptables hands it connections through the redirect listener). Shared across proxies.
 */
export function outboundListener(
  ctx: GeneratorContext,
  mesh: string,
  outbound: DataplaneOutbound,
  transparent: boolean,
): GeneratedResource {
  const { address, port, service } = outbound;
  const protocol = serviceProtocol(ctx, mesh, service);
  const key = `outboundListener:${mesh}:${service}:${address}:${port}:${transparent}`;
  return ctx.shared(key, protocol, () => {
    const filter = isHttpProtocol(protocol)
      ? httpConnectionManagerFilter(statsName(service), singleClusterRouteConfig(outboundRouteName(service), service, service))
      : tcpProxyFilter(statsName(service), service);
    const listener: Listener & { name: string } = {
      name: outboundListenerName(address, port),
      address: socketAddress(address, port),
      traffic_direction: TrafficDirection.OUTBOUND,
      bind_to_port: transparent ? false : undefined,
      filter_chains: [{ filters: [filter] }],
    };
    return listenerResource(listener);
  });
}
