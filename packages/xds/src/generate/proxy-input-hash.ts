import { createHash } from 'node:crypto';
import { type Dataplane, Tags } from '@kumiko/api';
import { explicitOutbounds, vipGroupKey, vipOutbounds } from './dataplane-outbounds.js';
import { type EndpointMapKind, egressEndpointMapOf, meshFingerprint, serviceEndpointsFingerprint } from './mesh-view-index.js';
import type { GeneratorContext } from './shared-resource-cache.js';
import { meshTlsReadinessFingerprint } from './mesh-tls.js';
import { stableTextOf } from '../snapshot/stable-json.js';
import type { XdsProxy } from './xds-proxy.js';

/**
 * A fingerprint of everything the proxy's snapshot is generated from, cheap next to generating it:
 * equal hashes mean an equal snapshot, so a proxy whose hash did not change after a view change
 * need not be regenerated (nor pushed). It covers the zone, the proxy's own spec, the parts of the
 * meshes generators read (`meshFingerprint`), in a PERMISSIVE mesh which services are TLS ready, and the endpoints of exactly the services the proxy
 * routes to — a change to service A's endpoints leaves a proxy without an outbound to A alone.
 * Per-service fingerprints are memoised per view and carried across views while unchanged, and
 * transparent proxies of one VIP group share one digest, so the per-proxy cost is linear in the
 * proxy's explicit outbounds, not in the size of the mesh.
 */
export function proxyInputHash(ctx: GeneratorContext, proxy: XdsProxy): string {
  const { view } = ctx;
  const parts: string[] = [proxy.type, proxy.id, view.zone];
  switch (proxy.type) {
    case 'Dataplane': {
      const { dataplane } = proxy;
      parts.push(dataplane.networking ? stableTextOf(dataplane.networking) : '-');
      parts.push(meshFingerprint(view.meshes.get(dataplane.mesh)), meshTlsReadinessFingerprint(ctx, dataplane.mesh));
      parts.push(vipGroupDigest(ctx, dataplane));
      for (const service of new Set(explicitOutbounds(dataplane).map((o) => o.service))) {
        parts.push(`${service}=${serviceEndpointsFingerprint(ctx, 'consumer', dataplane.mesh, service)}`);
      }
      break;
    }
    case 'ZoneIngress': {
      const { zoneIngress } = proxy;
      parts.push(zoneIngress.networking ? stableTextOf(zoneIngress.networking) : '-');
      parts.push(stableTextOf(zoneIngress.availableServices));
      const services = new Set(zoneIngress.availableServices.map((s) => `${s.mesh}\u0000${s.tags[Tags.service] ?? ''}`));
      for (const key of [...services].sort()) {
        const [mesh = '', service = ''] = key.split('\u0000');
        const endpoints = serviceEndpointsDigest(ctx, 'ingress', mesh, service);
        parts.push(`${mesh}:${meshFingerprint(view.meshes.get(mesh))}:${service}=${endpoints}`);
      }
      break;
    }
    case 'ZoneEgress': {
      parts.push(proxy.zoneEgress.networking ? stableTextOf(proxy.zoneEgress.networking) : '-');
      for (const mesh of [...view.meshes.keys()].sort()) {
        parts.push(`${mesh}:${meshFingerprint(view.meshes.get(mesh))}`);
        for (const service of [...egressEndpointMapOf(ctx, mesh).keys()].sort()) {
          parts.push(`${service}=${serviceEndpointsDigest(ctx, 'egress', mesh, service)}`);
        }
      }
      break;
    }
  }
  return digest(parts);
}

/**
 * What a transparent proxy's VIP outbounds depend on — the VIPs and their services' endpoints —
 * digested once per view for all proxies of the same VIP group (see `vipGroupKey`).
 */
function vipGroupDigest(ctx: GeneratorContext, dataplane: Dataplane): string {
  const group = vipGroupKey(dataplane);
  if (group === undefined) return '-';
  return ctx.memo(`vipGroupDigest:${dataplane.mesh}:${group}`, () => {
    const outbounds = vipOutbounds(ctx, dataplane);
    const digests = outbounds.map((o) => serviceEndpointsDigest(ctx, 'consumer', dataplane.mesh, o.service));
    const inputs = [ctx.view.vips.get(dataplane.mesh), ...digests];
    return ctx.carried(`vipGroupDigest:${dataplane.mesh}:${group}`, inputs, () =>
      digest(outbounds.map((o, i) => `${o.address}:${o.port}:${o.service}=${digests[i] ?? ''}`)),
    );
  });
}

/** A short digest of one service's endpoints, carried across views while they are unchanged. */
function serviceEndpointsDigest(ctx: GeneratorContext, kind: EndpointMapKind, mesh: string, service: string): string {
  const fingerprint = serviceEndpointsFingerprint(ctx, kind, mesh, service);
  return ctx.carried(`serviceEndpointsDigest:${kind}:${mesh}:${service}`, [fingerprint], () => digest([fingerprint]));
}

function digest(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}
