/** Who a REST request runs as, in Kuma's terms: what `GET /who-am-i` answers. */
export interface ApiUser {
  readonly name: string;
  readonly groups: readonly string[];
}

/** The group Kuma adds to every user who authenticated (a user token's bearer). */
export const AUTHENTICATED_GROUP = 'mesh-system:authenticated';

/** The user of a request that carries no credentials (no token, and not an admin localhost). */
export const ANONYMOUS_USER: ApiUser = Object.freeze({
  name: 'mesh-system:anonymous',
  groups: Object.freeze(['mesh-system:unauthenticated']),
});

/** Kuma's built-in admin: the admin user token's user, and every localhost request when localhost is admin. */
export const ADMIN_USER: ApiUser = Object.freeze({
  name: 'mesh-system:admin',
  groups: Object.freeze(['mesh-system:admin']),
});
