/** Who a REST request runs as, in Kuma's terms: what `GET /who-am-i` answers. */
export interface ApiUser {
  readonly name: string;
  readonly groups: readonly string[];
}

/**
 * The user of a request that carries no credentials. Kuma answers it this way whenever no authenticator
 * recognises the caller (no token, and not an admin localhost); Kumiko authenticates nobody yet, so every
 * request is this user.
 */
export const ANONYMOUS_USER: ApiUser = Object.freeze({
  name: 'mesh-system:anonymous',
  groups: Object.freeze(['mesh-system:unauthenticated']),
});
