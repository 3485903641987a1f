import { type Dataplane, Tags } from '@kumiko/api';
import type { GeneratorContext } from './shared-resource-cache.js';
import { compareStrings } from '../snapshot/string-order.js';

/** One outbound a sidecar or delegated gateway listens on, for one service. */
export interface DataplaneOutbound {
  readonly address: string;
  readonly port: number;
  readonly service: string;
}

/** The DNS VIP port (`KUMA_DNS_SERVICE_SERVICE_VIP_PORT`). */
export const VIP_PORT = 80;

/** True when the Dataplane's traffic is redirected by iptables (an outbound redirect port is set). */
export function usesTransparentProxy(dataplane: Dataplane): boolean {
  return (dataplane.networking?.transparentProxying?.redirectPortOutbound ?? 0) !== 0;
}

/**
 * The outbounds declared in `networking.outbound` with a `kuma.io/service` tag, address defaulting
 * to 127.0.0.1. `backendRef` outbounds (MeshService and friends) are not supported yet and skipped.
 */
export function explicitOutbounds(dataplane: Dataplane): DataplaneOutbound[] {
  const out: DataplaneOutbound[] = [];
  for (const outbound of dataplane.networking?.outbound ?? []) {
    const service = outbound.tags[Tags.service];
    if (service === undefined || service === '' || outbound.backendRef) continue;
    out.push({ address: outbound.address || '127.0.0.1', port: outbound.port, service });
  }
  return out;
}

/**
 * With transparent proxying: one outbound per service of the mesh that has a VIP, at `<vip>:80`,
 * limited to `reachableServices` when that list is set; sorted by service. The list is shared by
 * every proxy with the same mesh and `reachableServices` (memoised per view): do not mutate it.
 */
export function vipOutbounds(ctx: GeneratorContext, dataplane: Dataplane): readonly DataplaneOutbound[] {
  const tp = dataplane.networking?.transparentProxying;
  const group = vipGroupKey(dataplane);
  if (!tp || group === undefined) return [];
  return ctx.memo(`vipOutbounds:${dataplane.mesh}:${group}`, () => {
    const vips = ctx.view.vips.get(dataplane.mesh);
    if (!vips) return [];
    const reachable = tp.reachableServices.length > 0 ? new Set(tp.reachableServices) : undefined;
    return [...vips.entries()]
      .filter(([service]) => reachable === undefined || reachable.has(service))
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([service, vip]) => ({ address: vip, port: VIP_PORT, service }));
  });
}

/**
 * Identifies the transparent proxies of a mesh that get the same VIP outbounds: `*` for all
 * services, else the sorted `reachableServices`; `undefined` without transparent proxying (no VIP
 * outbounds at all). Memo keys of VIP-derived resources include it.
 */
export function vipGroupKey(dataplane: Dataplane): string | undefined {
  if (!usesTransparentProxy(dataplane)) return undefined;
  const reachable = dataplane.networking?.transparentProxying?.reachableServices ?? [];
  return reachable.length === 0 ? '*' : [...new Set(reachable)].sort().join(',');
}

/** Every service the Dataplane has an outbound to (explicit or VIP), sorted and unique. */
export function outboundServices(ctx: GeneratorContext, dataplane: Dataplane): string[] {
  const services = new Set([...explicitOutbounds(dataplane), ...vipOutbounds(ctx, dataplane)].map((o) => o.service));
  return [...services].sort();
}

/** The services of the Dataplane's VIP outbounds, sorted (shared; do not mutate). */
export function vipServices(ctx: GeneratorContext, dataplane: Dataplane): readonly string[] {
  const group = vipGroupKey(dataplane);
  if (group === undefined) return [];
  return ctx.memo(`vipServices:${dataplane.mesh}:${group}`, () => vipOutbounds(ctx, dataplane).map((o) => o.service));
}
