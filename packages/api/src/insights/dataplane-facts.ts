import { z } from 'zod';
import { Tags } from '../tags.js';
import type { StringMap } from '../resources/resource-envelope.js';

/** Kuma's gateway types; a Dataplane without `networking.gateway` is a standard proxy. */
export type GatewayKind = 'BUILTIN' | 'DELEGATED';

export interface InboundFacts {
  readonly service: string;
  /** `kuma.io/zone` of the inbound, when tagged. */
  readonly zone: string | undefined;
  /** `state: Ignored`: serves no traffic, counts for nothing. */
  readonly ignored: boolean;
  /** Not `state: NotReady` and not `health.ready: false`. */
  readonly ready: boolean;
}

/** What insights and tag searches need of a Dataplane; derived once per version of it. */
export interface DataplaneFacts {
  readonly gateway: { readonly kind: GatewayKind; readonly service: string; readonly zone: string | undefined } | undefined;
  readonly inbounds: readonly InboundFacts[];
  /** Every inbound's tags, then the gateway's (as `tag=` searches see them). */
  readonly tagSets: readonly StringMap[];
}

/** What insights need of a DataplaneInsight. */
export interface InsightFacts {
  /** Kuma: some subscription has a connect time and no disconnect time. */
  readonly online: boolean;
  /** `mTLS.issuedBackend`, `''` without mTLS. */
  readonly issuedBackend: string;
}

const tags = z.record(z.string(), z.string()).catch({});
const dataplaneShape = z.object({
  networking: z
    .object({
      inbound: z
        .array(z.object({ tags, state: z.string().optional(), health: z.object({ ready: z.boolean().optional() }).optional() }))
        .catch([]),
      gateway: z.object({ type: z.string().optional(), tags }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});
const insightShape = z.object({
  subscriptions: z.array(z.object({ connectTime: z.string().optional(), disconnectTime: z.string().optional() })).catch([]),
  mTLS: z.object({ issuedBackend: z.string().optional() }).optional().catch(undefined),
});

/** The facts of a stored Dataplane (Kuma JSON form). Total: an unexpected shape yields empty facts. */
export function dataplaneFactsFrom(spec: unknown): DataplaneFacts {
  const parsed = dataplaneShape.safeParse(spec);
  const networking = parsed.success ? parsed.data.networking : undefined;
  const inbounds = (networking?.inbound ?? []).map((inbound): InboundFacts => ({
    service: inbound.tags[Tags.service] ?? '',
    zone: inbound.tags[Tags.zone],
    ignored: inbound.state === 'Ignored',
    ready: inbound.state !== 'NotReady' && (inbound.health === undefined || inbound.health.ready === true),
  }));
  const gateway = networking?.gateway;
  const tagSets: StringMap[] = (networking?.inbound ?? []).map((inbound) => inbound.tags);
  if (gateway !== undefined) tagSets.push(gateway.tags);
  return {
    gateway:
      gateway === undefined
        ? undefined
        : {
            kind: gateway.type === 'BUILTIN' ? 'BUILTIN' : 'DELEGATED',
            service: gateway.tags[Tags.service] ?? '',
            zone: gateway.tags[Tags.zone],
          },
    inbounds,
    tagSets,
  };
}

/** The facts of a stored DataplaneInsight. Total. */
export function insightFactsFrom(spec: unknown): InsightFacts {
  const parsed = insightShape.safeParse(spec);
  if (!parsed.success) return { online: false, issuedBackend: '' };
  return {
    online: parsed.data.subscriptions.some((s) => s.connectTime !== undefined && s.disconnectTime === undefined),
    issuedBackend: parsed.data.mTLS?.issuedBackend ?? '',
  };
}
