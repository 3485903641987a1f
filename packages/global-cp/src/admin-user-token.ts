import type { Kysely } from 'kysely';
import { GlobalSecretNames } from '@kumiko/api';
import { issueUserToken, type UserTokenClaims } from '@kumiko/pki';
import { getResource, lockOutboxWriters, putGlobalResourceIn, type KumikoDatabase } from '@kumiko/store';
import { globalSecretInput } from './global-secret-input.js';
import { USER_TOKEN_SIGNING_KEYS } from './global-token-signing-keys.js';
import { latestStoredSigningKey } from './stored-signing-keys.js';

/** Kuma's built-in admin, whom the bootstrap token authenticates. */
export const ADMIN_USER: UserTokenClaims = Object.freeze({ name: 'mesh-system:admin', groups: Object.freeze(['mesh-system:admin']) });

/** The bootstrap admin token's validity: ten years, as Kuma issues it. */
const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

/**
 * Kuma's bootstrap admin token (`KUMA_API_SERVER_AUTHN_TOKENS_BOOTSTRAP_ADMIN_TOKEN`): when the GlobalSecret
 * `admin-user-token` is absent, issues a user token for `mesh-system:admin` valid ten years with the newest user-token
 * signing key and stores the raw JWT as its data. It never leaves the global CP; an admin reads it over REST.
 * Needs the user-token signing keys (run {@link ensureGlobalSigningKeys} first); throws when there is none.
 * Race-safe across global instances: the token is stored in a transaction holding the outbox writer lock, after
 * checking again that no instance stored one meanwhile. Returns whether this call stored it.
 */
export async function ensureAdminUserToken(db: Kysely<KumikoDatabase>, options: { readonly checkpoint: string }): Promise<boolean> {
  const key = { type: 'GlobalSecret', mesh: '', name: GlobalSecretNames.adminUserToken } as const;
  if ((await getResource(db, key)) !== undefined) return false;
  const signingKey = await latestStoredSigningKey(db, USER_TOKEN_SIGNING_KEYS.family);
  if (signingKey === undefined) throw new Error('no user-token signing key to issue the admin user token with');
  const token = await issueUserToken(ADMIN_USER, {
    signingKeyPem: signingKey.pem,
    serial: signingKey.serial,
    validForSeconds: TEN_YEARS_SECONDS,
  });
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    if ((await getResource(trx, key)) !== undefined) return false;
    await putGlobalResourceIn(trx, globalSecretInput(key.name, token));
    return true;
  });
}
