import { verifyUserToken } from '@kumiko/pki';
import type { UserTokenVerifier } from '@kumiko/rest';
import type { GlobalReplica } from '../global-replica.js';
import { replicaTokenKeys } from './replica-token-keys.js';

/**
 * The zone API's user tokens: the global CP's, checked with the public key it sent this zone, so one token works on
 * the global and on every zone. (Kuma's zones keep signing keys of their own; a Kumiko zone issues no user tokens.)
 */
export function replicaUserTokenVerifier(replica: Pick<GlobalReplica, 'get'>): UserTokenVerifier {
  const keys = replicaTokenKeys(replica, 'user');
  return async (token) => {
    const claims = await verifyUserToken(token, keys);
    return { name: claims.name, groups: claims.groups ?? [] };
  };
}
