import type { KeyObject } from 'node:crypto';
import { InvalidTokenError, verifyKumaToken } from '@kumiko/pki';

/** The zone proxies a zone token may admit, by the scope Kuma names them with. */
export type ZoneTokenScope = 'ingress' | 'egress';

/** What a zone token binds (Kuma's claims `Zone` and `Scope`); an empty zone binds none. */
export interface ZoneTokenClaims {
  readonly zone: string;
  readonly scope: readonly string[];
}

/**
 * Where zone tokens are checked against: on a federated zone, the public halves of the global's signing keys (Kuma's
 * GlobalSecrets `zone-token-signing-public-key-<serial>`), and the global's revocation list.
 */
export interface ZoneTokenKeySource {
  /** The verification key of `kid` (a public key PEM, or a KeyObject parsed once), or undefined when there is none. */
  signingKey(kid: string): Promise<string | KeyObject | undefined>;
  /** The ids (`jti`) of revoked zone tokens. */
  revoked(): Promise<ReadonlySet<string>>;
}

/** A key source with no keys: every zone token is refused, for want of its key. */
export const NO_ZONE_TOKEN_KEYS: ZoneTokenKeySource = {
  signingKey: () => Promise.resolve(undefined),
  revoked: () => Promise.resolve(new Set()),
};

/** Kuma's name of the GlobalSecret a federated zone verifies zone tokens of `kid` with. */
export function zoneTokenPublicKeyName(kid: string): string {
  return kid === '0' ? 'zone-token-signing-public-key' : `zone-token-signing-public-key-${kid}`;
}

/** Verifies a zone token (signature, validity, revocation) and returns its claims; throws `InvalidTokenError`. */
export async function verifyZoneTokenClaims(token: string, keys: ZoneTokenKeySource): Promise<ZoneTokenClaims> {
  const payload = await verifyKumaToken(token, {
    signingKey: (kid) => keys.signingKey(kid),
    missingKeyMessage: (kid) =>
      `there is no signing key with KID ${kid}. GlobalSecret of name "${zoneTokenPublicKeyName(kid)}" is not found. If signing key was rotated, regenerate the token`,
    revoked: () => keys.revoked(),
  });
  const zone = payload['Zone'];
  const scope = payload['Scope'];
  return {
    zone: typeof zone === 'string' ? zone : '',
    scope: Array.isArray(scope) ? scope.filter((s): s is string => typeof s === 'string') : [],
  };
}

/**
 * Kuma's zone-token checks at connect: the token's scope must hold the proxy's kind, and a non-empty zone must be
 * this control plane's. Throws `InvalidTokenError` with Kuma's message.
 */
export function checkZoneTokenClaims(claims: ZoneTokenClaims, requestor: { readonly zone: string; readonly scope: ZoneTokenScope }): void {
  if (!claims.scope.includes(requestor.scope)) {
    throw new InvalidTokenError(
      `token cannot be used to authenticate zone entity (${requestor.scope} is out of token's scope: [${claims.scope.join(' ')}])`,
    );
  }
  if (claims.zone !== '' && claims.zone !== requestor.zone) {
    throw new InvalidTokenError(`zone from requestor: ${requestor.zone} is different than in token: ${claims.zone}`);
  }
}
