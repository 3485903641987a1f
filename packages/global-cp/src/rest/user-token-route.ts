import type { FieldViolation } from '@kumiko/api';
import { issueUserToken, missingSigningKeyMessage, signingKeyName, type UserTokenClaims } from '@kumiko/pki';
import { USER_TOKEN_SIGNING_KEYS } from '../global-token-signing-keys.js';
import { latestStoredSigningKey } from '../stored-signing-keys.js';
import type { ApiContext } from './api-context.js';
import { listField, signingKeyNotFound, textField, tokenAccessDenied, validForSeconds, type TokenRoute } from './token-route.js';

type UserTokenRequest = UserTokenClaims & { readonly validForSeconds: number };

/**
 * `POST /tokens/user`, Kuma's body `{name, groups, validFor}`: access first (admins by default,
 * `KUMA_ACCESS_STATIC_GENERATE_USER_TOKEN_*`; Kuma's refusal reads only `action not allowed`), then `name` must be
 * given and `validFor` must be a non-zero duration; the token is signed with the newest GlobalSecret
 * `user-token-signing-key-<n>`. Absent groups stay `null` in the token, as Kuma writes them.
 */
export function userTokenRoute(ctx: ApiContext): TokenRoute<UserTokenRequest> {
  return {
    path: '/tokens/user',
    order: 'access-first',
    issuerEnabled: ctx.tokenIssuers.user,
    access: ctx.generateUserTokenAccess,
    read(body) {
      const violations: FieldViolation[] = [];
      const name = textField(body, 'name');
      if (name === '') violations.push({ field: 'name', message: 'cannot be empty' });
      const seconds = validForSeconds(textField(body, 'validFor'), 'refused', violations);
      return { request: { name, groups: listField(body, 'groups') ?? null, validForSeconds: seconds }, violations };
    },
    denied: () => tokenAccessDenied('action not allowed'),
    async issue({ validForSeconds: seconds, ...claims }) {
      const key = await latestStoredSigningKey(ctx.db, USER_TOKEN_SIGNING_KEYS.family);
      if (key === undefined)
        return { error: signingKeyNotFound(missingSigningKeyMessage('1', signingKeyName(USER_TOKEN_SIGNING_KEYS.family.prefix, 1))) };
      return { token: await issueUserToken(claims, { signingKeyPem: key.pem, serial: key.serial, validForSeconds: seconds }) };
    },
  };
}
