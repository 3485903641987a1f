import { remoteIngressInstances, usesZoneEgress } from './endpoint-map-builder.js';
import type { ResourceGenerator } from './resource-generator.js';
import { groupZoneProxyServices, zoneProxyResources } from './zone-proxy-resources.js';

/**
 * For a ZoneEgress of this zone, cross-zone part only: SNI passthrough from this
 * zone's sidecars to other zones' ingresses, for meshes with mTLS and `routing.zoneEgress`. The
 * services are those the remote ingresses advertise (deduplicated as for sidecars, external
 * services left out); endpoints are the ingresses' advertised coordinates, weight = instances
 * (`buildEgressEndpointMap`). Emits listener `inbound:<address>:<port>` and per service cluster and
 * load assignment `<mesh>:<service>`; see `zoneProxyResources`. External services (terminating mesh
 * mTLS at the egress) are not generated.
 */
export const zoneEgressGenerator: ResourceGenerator = (ctx, proxy) => {
  if (proxy.type !== 'ZoneEgress') return [];
  const egress = proxy.zoneEgress;
  const meshes = new Set([...ctx.view.meshes.values()].filter(usesZoneEgress).map((m) => m.name));
  const entries = remoteIngressInstances(ctx.view).flatMap((zi) =>
    zi.availableServices.filter((s) => !s.externalService && meshes.has(s.mesh)),
  );
  return zoneProxyResources(
    ctx,
    { proxyId: proxy.id, address: egress.networking?.address || '0.0.0.0', port: egress.networking?.port ?? 0 },
    groupZoneProxyServices(entries),
    'egress',
  );
};
