import { isMeshMtlsEnabled } from '@kumiko/api';
import { proxylessServerNames } from './proxyless-server-names.js';
import { groupZoneProxyServices, zoneProxyResources } from './zone-proxy-resources.js';
import type { ResourceGenerator } from './resource-generator.js';

/**
 * For a ZoneIngress of this zone: SNI passthrough from other zones to this zone's
 * services. The services are the ingress's own `availableServices` (this zone's healthy inbounds,
 * kept current by the zone CP) in meshes the view knows, external services left out; endpoints
 * are local inbounds only (`buildIngressEndpointMap`). Emits listener `inbound:<address>:<port>`
 * (address default `0.0.0.0`), and per service cluster and load assignment `<mesh>:<service>`;
 * see `zoneProxyResources` for the filter chains and the empty case. Services of meshes with mTLS on
 * also get a chain for the bare names proxyless gRPC clients send as SNI (`proxylessServerNames`: a
 * name only when exactly one mesh's service at this ingress claims it).
 */
export const zoneIngressGenerator: ResourceGenerator = (ctx, proxy) => {
  if (proxy.type !== 'ZoneIngress') return [];
  const ingress = proxy.zoneIngress;
  const entries = ingress.availableServices.filter((s) => !s.externalService && ctx.view.meshes.has(s.mesh));
  const services = groupZoneProxyServices(entries);
  const mtls = services.filter(({ mesh }) => {
    const resource = ctx.view.meshes.get(mesh);
    return resource !== undefined && isMeshMtlsEnabled(resource);
  });
  return zoneProxyResources(
    ctx,
    { proxyId: proxy.id, address: ingress.networking?.address || '0.0.0.0', port: ingress.networking?.port ?? 0 },
    services,
    'ingress',
    proxylessServerNames(mtls),
  );
};
