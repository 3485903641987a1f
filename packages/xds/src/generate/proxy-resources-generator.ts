import { GatewayTypes } from '@kumiko/api';
import type { GeneratedResource } from '../snapshot/generated-resource.js';
import { edsClusterGenerator } from './eds-cluster-generator.js';
import { gatewayGenerator } from './gateway-generator.js';
import { GeneratorError, InboundGenerationError } from './generator-error.js';
import { inboundListenerGenerator } from './inbound-listener-generator.js';
import { outboundListenerGenerator } from './outbound-listener-generator.js';
import type { ResourceGenerator } from './resource-generator.js';
import type { GeneratorContext } from './shared-resource-cache.js';
import { buildSnapshot } from '../snapshot/snapshot-builder.js';
import { transparentProxyGenerator } from './transparent-proxy-generator.js';
import type { XdsProxy } from './xds-proxy.js';
import type { XdsSnapshot } from '../snapshot/xds-snapshot.js';
import { zoneEgressGenerator } from './zone-egress-generator.js';
import { zoneIngressGenerator } from './zone-ingress-generator.js';

/**
 * Every generator, in the order their output is concatenated. Each serves only the proxies it is
 * for (sidecars, delegated gateways, ZoneIngress, ZoneEgress) and returns `[]` for the others.
 */
export const DEFAULT_GENERATORS: readonly ResourceGenerator[] = [
  inboundListenerGenerator,
  outboundListenerGenerator,
  gatewayGenerator,
  transparentProxyGenerator,
  edsClusterGenerator,
  zoneIngressGenerator,
  zoneEgressGenerator,
];

/**
 * All resources of one proxy. A builtin gateway Dataplane gets none (it needs MeshGateway, which
 * Kumiko does not model), which the ADS server serves as an empty configuration. A generator that
 * throws fails the whole proxy with a {@link GeneratorError} naming the generator, the proxy and,
 * for per-inbound work, the inbound.
 */
export function generateProxyResources(
  ctx: GeneratorContext,
  proxy: XdsProxy,
  generators: readonly ResourceGenerator[] = DEFAULT_GENERATORS,
): GeneratedResource[] {
  if (proxy.type === 'Dataplane' && proxy.dataplane.networking?.gateway?.type === GatewayTypes.BUILTIN) return [];
  return generators.flatMap((generate) => runGenerator(generate, ctx, proxy));
}

function runGenerator(generate: ResourceGenerator, ctx: GeneratorContext, proxy: XdsProxy): readonly GeneratedResource[] {
  try {
    return generate(ctx, proxy);
  } catch (error) {
    if (error instanceof GeneratorError) throw error; // a nested composition has named it already
    const generator = generate.name || 'anonymous generator';
    if (error instanceof InboundGenerationError)
      throw new GeneratorError({ generator, proxy, inbound: error.inbound }, { cause: error.cause });
    throw new GeneratorError({ generator, proxy }, { cause: error });
  }
}

/**
 * {@link generateProxyResources} as a checked snapshot (throws `SnapshotInconsistentError`), with `secrets` (the
 * proxy's SDS Secrets, when its mesh has mTLS) added.
 */
export function buildProxySnapshot(ctx: GeneratorContext, proxy: XdsProxy, secrets: readonly GeneratedResource[] = []): XdsSnapshot {
  return buildSnapshot([...generateProxyResources(ctx, proxy), ...secrets]);
}
