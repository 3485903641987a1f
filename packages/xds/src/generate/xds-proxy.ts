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

/** Per view (views are immutable): every proxy by its `node.id`, built on the first look-up. */
const proxiesByView = new WeakMap<MeshView, ReadonlyMap<string, XdsProxy>>();

function proxiesOf(view: MeshView): ReadonlyMap<string, XdsProxy> {
  let proxies = proxiesByView.get(view);
  if (proxies !== undefined) return proxies;
  const index = new Map<string, XdsProxy>();
  const add = (proxy: XdsProxy): void => {
    if (!index.has(proxy.id)) index.set(proxy.id, proxy);
  };
  // a node id names its mesh up to its first dot, and a Dataplane never by an empty mesh
  for (const dataplane of view.dataplanes) if (dataplane.mesh !== '' && !dataplane.mesh.includes('.')) add(dataplaneProxy(dataplane));
  for (const zoneIngress of view.zoneIngresses) add(zoneIngressProxy(zoneIngress));
  for (const zoneEgress of view.zoneEgresses) add(zoneEgressProxy(zoneEgress));
  proxies = index;
  proxiesByView.set(view, proxies);
  return proxies;
}

/**
 * The proxy of this zone whose `node.id` is `nodeId`, or `undefined`. `<mesh>.<name>` names a
 * Dataplane; `.<name>` a local ZoneIngress, else a local ZoneEgress (Kuma keeps their names unique
 * per type only; the ingress wins a tie). The view's proxies are indexed on the first call, so a look-up per
 * connected node of every new view stays linear in the view's size, and each look-up of a view returns the same
 * object.
 */
export function findProxy(view: MeshView, nodeId: string): XdsProxy | undefined {
  if (nodeId.indexOf('.') < 0) return undefined;
  return proxiesOf(view).get(nodeId);
}
