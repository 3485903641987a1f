import { groupZoneProxyServices, zoneProxyResources } from './zone-proxy-resources.js';
import type { ResourceGenerator } from './resource-generator.js';

/**
 * For a ZoneIngress of this zone: SNI passthrough from other zones to this zone's
 * services. The services are the ingress's own `availableServices` (this zone's healthy inbounds,
 * kept current by the zone CP) in meshes the view knows, external services left out; endpoints
 * are local inbounds only (`buildIngressEndpointMap`). Emits listener `inbound:<address>:<port>`
 * (address default `0.0.0.0`), and per service cluster and load assignment `<mesh>:<service>`;
 * see `zoneProxyResources` for the filter chains and the empty case.
 */
export const zoneIngressGenerator: ResourceGenerator = (ctx, proxy) => {
  if (proxy.type !== 'ZoneIngress') return [];
  const ingress = proxy.zoneIngress;
  const entries = ingress.availableServices.filter((s) => !s.externalService && ctx.view.meshes.has(s.mesh));
  return zoneProxyResources(
    ctx,
    { proxyId: proxy.id, address: ingress.networking?.address || '0.0.0.0', port: ingress.networking?.port ?? 0 },
    groupZoneProxyServices(entries),
    'ingress',
  );
};
