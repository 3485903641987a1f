import { z } from 'zod';

/** How sidecars and gateways authenticate to the DP server (`KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE`). */
export type DpProxyAuthnType = 'dpToken' | 'none';
/** How zone ingresses and egresses authenticate to the DP server (`KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE`). */
export type ZoneProxyAuthnType = 'zoneToken' | 'none';

/**
 * A setting's schema for one of Kuma's authentication types: `token` (`dpToken` or `zoneToken`) or `none`. Kuma's
 * third type, `serviceAccountToken`, checks Kubernetes service account tokens; Kumiko runs on universal only, so it
 * is refused at start with that reason rather than silently treated as something else.
 */
export function authnTypeSchema<T extends 'dpToken' | 'zoneToken'>(token: T): z.ZodType<T | 'none', string> {
  return z.string().transform((value, ctx): T | 'none' => {
    if (value === token || value === 'none') return value as T | 'none';
    ctx.issues.push({
      code: 'custom',
      input: value,
      message:
        value === 'serviceAccountToken'
          ? `serviceAccountToken authenticates Kubernetes service account tokens, and Kumiko runs on universal only: use ${token} or none`
          : `expected ${token} or none`,
    });
    return z.NEVER;
  });
}
