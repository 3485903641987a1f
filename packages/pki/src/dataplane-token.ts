import { InvalidTokenError, issueKumaToken, verifyKumaToken, type IssueTokenOptions, type VerifyTokenOptions } from './kuma-token.js';

/** What a dataplane token binds: empty name, mesh or workload, and absent tags, bind nothing. */
export interface DataplaneTokenClaims {
  readonly name: string;
  readonly mesh: string;
  readonly tags: Readonly<Record<string, readonly string[]>>;
  /** `dataplane`, `ingress` or `egress`; checked only at issuance, as Kuma does. */
  readonly type: string;
  readonly workload: string;
}

/** The proxy types Kuma issues dataplane tokens for. */
export const DATAPLANE_TOKEN_PROXY_TYPES: readonly string[] = Object.freeze(['dataplane', 'ingress', 'egress']);

/** Signs a dataplane token with Kuma's claim names (capitalised, as Kuma's untagged Go structs emit them). */
export function issueDataplaneToken(claims: DataplaneTokenClaims, options: IssueTokenOptions): Promise<string> {
  return issueKumaToken({ Name: claims.name, Mesh: claims.mesh, Tags: claims.tags, Type: claims.type, Workload: claims.workload }, options);
}

function stringClaim(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function tagsClaim(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(value)) {
    out[key] = Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
  }
  return out;
}

/** Verifies a dataplane token (signature, expiry, revocation) and returns its claims. */
export async function verifyDataplaneToken(token: string, options: VerifyTokenOptions): Promise<DataplaneTokenClaims> {
  const payload = await verifyKumaToken(token, options);
  return {
    name: stringClaim(payload['Name']),
    mesh: stringClaim(payload['Mesh']),
    tags: tagsClaim(payload['Tags']),
    type: stringClaim(payload['Type']),
    workload: stringClaim(payload['Workload']),
  };
}

/** The proxy a token is presented for: its name, mesh, and tags (every inbound's, and the gateway's). */
export interface TokenRequestor {
  readonly name: string;
  readonly mesh: string;
  readonly tags: Readonly<Record<string, readonly string[]>>;
  readonly workload?: string;
}

/**
 * Kuma's universal dataplane authenticator's checks, in its order: a non-empty claim must match the proxy.
 * Throws `InvalidTokenError` with Kuma's message.
 */
export function checkDataplaneTokenClaims(claims: DataplaneTokenClaims, proxy: TokenRequestor): void {
  if (claims.name !== '' && claims.name !== proxy.name) {
    throw new InvalidTokenError(`proxy name from requestor: ${proxy.name} is different than in token: ${claims.name}`);
  }
  if (claims.mesh !== '' && claims.mesh !== proxy.mesh) {
    throw new InvalidTokenError(`proxy mesh from requestor: ${proxy.mesh} is different than in token: ${claims.mesh}`);
  }
  for (const [key, allowed] of Object.entries(claims.tags)) {
    const values = proxy.tags[key];
    if (values === undefined) throw new InvalidTokenError(`dataplane has no tag "${key}" required by the token`);
    for (const value of values) {
      if (!allowed.includes(value)) {
        const list = allowed.map((v) => `"${v}"`).join(' ');
        throw new InvalidTokenError(
          `dataplane contains tag "${key}" with value "${value}" which is not allowed with this token. Allowed values in token are [${list}]`,
        );
      }
    }
  }
  if (claims.workload !== '') {
    if (proxy.workload === undefined || proxy.workload === '')
      throw new InvalidTokenError('dataplane has no workload label required by the token');
    if (proxy.workload !== claims.workload) {
      throw new InvalidTokenError(
        `dataplane workload "${proxy.workload}" is not allowed with this token. Allowed workload in token is "${claims.workload}"`,
      );
    }
  }
}
