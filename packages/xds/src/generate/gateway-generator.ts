import { GatewayTypes } from '@kumiko/api';
import { outboundListeners } from './outbound-listener-generator.js';
import type { ResourceGenerator } from './resource-generator.js';

/**
 * For a delegated gateway Dataplane (`networking.gateway`, type DELEGATED: Kong or another ingress
 * controller in front, identified by its gateway tags): the outbound side only, as for a sidecar —
 * listeners for its declared outbounds; clusters come from the EDS cluster generator. It has no
 * inbounds to serve. Builtin gateways need MeshGateway, which Kumiko does not model: nothing.
 */
export const gatewayGenerator: ResourceGenerator = (ctx, proxy) => {
  if (proxy.type !== 'Dataplane') return [];
  const gateway = proxy.dataplane.networking?.gateway;
  if (!gateway || gateway.type !== GatewayTypes.DELEGATED) return [];
  return outboundListeners(ctx, proxy.dataplane);
};
