import { InvalidTokenError, issueKumaToken, verifyKumaToken, type IssueTokenOptions, type VerifyTokenOptions } from './kuma-token.js';

/** The zone proxies a zone token may authenticate: Kuma's scope values. */
export const ZoneTokenScopes = { ingress: 'ingress', egress: 'egress' } as const;
export type ZoneTokenScope = (typeof ZoneTokenScopes)[keyof typeof ZoneTokenScopes];

/** What a zone token binds: a zone (empty binds none) and the zone proxies it may authenticate. */
export interface ZoneTokenClaims {
  readonly zone: string;
  readonly scope: readonly string[];
}

/** Signs a zone token with Kuma's claim names, `{"Zone", "Scope"}`. */
export function issueZoneToken(claims: ZoneTokenClaims, options: IssueTokenOptions): Promise<string> {
  return issueKumaToken({ Zone: claims.zone, Scope: claims.scope }, options);
}

/** Verifies a zone token (signature, expiry, revocation) and returns its claims; throws `InvalidTokenError`. */
export async function verifyZoneToken(token: string, options: VerifyTokenOptions): Promise<ZoneTokenClaims> {
  const payload = await verifyKumaToken(token, options);
  const zone = payload['Zone'];
  const scope = payload['Scope'];
  return {
    zone: typeof zone === 'string' ? zone : '',
    scope: Array.isArray(scope) ? scope.filter((entry): entry is string => typeof entry === 'string') : [],
  };
}

/** The zone proxy presenting a zone token: which kind it is, and the zone of the control plane it connects to. */
export interface ZoneTokenRequestor {
  readonly scope: ZoneTokenScope;
  /** This control plane's zone name (`KUMA_MULTIZONE_ZONE_NAME`). */
  readonly zone: string;
}

/**
 * Kuma's zone authenticator's checks at connect time, in its order: the token's scope must include the proxy's
 * kind, and a non-empty zone claim must name this control plane's zone. Throws `InvalidTokenError` with Kuma's message.
 */
export function checkZoneTokenClaims(claims: ZoneTokenClaims, requestor: ZoneTokenRequestor): void {
  if (!claims.scope.includes(requestor.scope)) {
    throw new InvalidTokenError(
      `token cannot be used to authenticate zone entity (${requestor.scope} is out of token's scope: [${claims.scope.join(' ')}])`,
    );
  }
  if (claims.zone !== '' && claims.zone !== requestor.zone) {
    throw new InvalidTokenError(`zone from requestor: ${requestor.zone} is different than in token: ${claims.zone}`);
  }
}
