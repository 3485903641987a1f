import { type Dataplane, type ZoneEgress, type ZoneIngress, buildProxyId } from '@kumiko/api';
import type { MeshView } from './mesh-view.js';

/** The proxy a snapshot is generated for, discriminated on `type`; `id` is its Envoy `node.id`. */
export type XdsProxy =
  | { readonly type: 'Dataplane'; readonly id: string; readonly mesh: string; readonly dataplane: Dataplane }
  | { readonly type: 'ZoneIngress'; readonly id: string; readonly zoneIngress: ZoneIngress }
  | { readonly type: 'ZoneEgress'; readonly id: string; readonly zoneEgress: ZoneEgress };

/** A Dataplane as a proxy: id `<mesh>.<name>`. */
export function dataplaneProxy(dataplane: Dataplane): XdsProxy {
  return { type: 'Dataplane', id: buildProxyId(dataplane.mesh, dataplane.name), mesh: dataplane.mesh, dataplane };
}

/** A ZoneIngress as a proxy: id `.<name>` (no mesh, as Kuma's `BuildProxyId("", name)`). */
export function zoneIngressProxy(zoneIngress: ZoneIngress): XdsProxy {
  return { type: 'ZoneIngress', id: buildProxyId('', zoneIngress.name), zoneIngress };
}

/** A ZoneEgress as a proxy: id `.<name>`. */
export function zoneEgressProxy(zoneEgress: ZoneEgress): XdsProxy {
  return { type: 'ZoneEgress', id: buildProxyId('', zoneEgress.name), zoneEgress };
}

/**
 * The proxy of this zone whose `node.id` is `nodeId`, or `undefined`. `<mesh>.<name>` names a
 * Dataplane; `.<name>` a local ZoneIngress, else a local ZoneEgress (Kuma keeps their names unique
 * per type only; the ingress wins a tie). Linear in the view's size: callers keep the result per stream.
 */
export function findProxy(view: MeshView, nodeId: string): XdsProxy | undefined {
  const dot = nodeId.indexOf('.');
  if (dot < 0) return undefined;
  const mesh = nodeId.slice(0, dot);
  const name = nodeId.slice(dot + 1);
  if (mesh !== '') {
    const dataplane = view.dataplanes.find((dp) => dp.mesh === mesh && dp.name === name);
    return dataplane && dataplaneProxy(dataplane);
  }
  const ingress = view.zoneIngresses.find((zi) => zi.name === name);
  if (ingress) return zoneIngressProxy(ingress);
  const egress = view.zoneEgresses.find((ze) => ze.name === name);
  return egress && zoneEgressProxy(egress);
}
