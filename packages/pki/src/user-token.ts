import { issueKumaToken, verifyKumaToken, type IssueTokenOptions, type VerifyTokenOptions } from './kuma-token.js';

/** Who a user token authenticates: a user name and its groups (`null` when the token names none, as Kuma emits it). */
export interface UserTokenClaims {
  readonly name: string;
  readonly groups: readonly string[] | null;
}

/**
 * Signs a user token with Kuma's claim names, `{"Name", "Groups"}` (capitalised, as Kuma's untagged Go struct emits
 * them); absent groups are written as `null`.
 */
export function issueUserToken(claims: UserTokenClaims, options: IssueTokenOptions): Promise<string> {
  return issueKumaToken({ Name: claims.name, Groups: claims.groups }, options);
}

/** Verifies a user token (signature, expiry, revocation) and returns its claims; throws `InvalidTokenError`. */
export async function verifyUserToken(token: string, options: VerifyTokenOptions): Promise<UserTokenClaims> {
  const payload = await verifyKumaToken(token, options);
  const name = payload['Name'];
  const groups = payload['Groups'];
  return {
    name: typeof name === 'string' ? name : '',
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : null,
  };
}
