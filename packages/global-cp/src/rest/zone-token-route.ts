import type { FieldViolation } from '@kumiko/api';
import { issueZoneToken, missingSigningKeyMessage, signingKeyName, type ZoneTokenClaims } from '@kumiko/pki';
import { ZONE_TOKEN_SIGNING_KEYS } from '../global-token-signing-keys.js';
import { latestStoredSigningKey } from '../stored-signing-keys.js';
import type { ApiContext } from './api-context.js';
import { listField, signingKeyNotFound, textField, tokenAccessDenied, userText, validForSeconds, type TokenRoute } from './token-route.js';

type ZoneTokenRequest = ZoneTokenClaims & { readonly validForSeconds: number };

/**
 * `POST /tokens/zone`, Kuma's body `{zone, scope, validFor}`: access first (admins by default,
 * `KUMA_ACCESS_STATIC_GENERATE_ZONE_TOKEN_*`), then `scope` must be given and `validFor` parse (empty: ten years);
 * the token is signed with the newest GlobalSecret `zone-token-signing-key-<n>`.
 */
export function zoneTokenRoute(ctx: ApiContext): TokenRoute<ZoneTokenRequest> {
  return {
    path: '/tokens/zone',
    order: 'access-first',
    issuerEnabled: ctx.tokenIssuers.zone,
    access: ctx.generateZoneTokenAccess,
    read(body) {
      const violations: FieldViolation[] = [];
      const scope = listField(body, 'scope');
      if (scope === undefined) violations.push({ field: 'scope', message: 'cannot be empty' });
      const seconds = validForSeconds(textField(body, 'validFor'), 'ten-years', violations);
      return { request: { zone: textField(body, 'zone'), scope: scope ?? [], validForSeconds: seconds }, violations };
    },
    denied: (user, body) =>
      tokenAccessDenied(`user "${userText(user)}" cannot access generate zone token for zone '${textField(body, 'zone')}'`),
    async issue({ validForSeconds: seconds, ...claims }) {
      const key = await latestStoredSigningKey(ctx.db, ZONE_TOKEN_SIGNING_KEYS.family);
      if (key === undefined)
        return { error: signingKeyNotFound(missingSigningKeyMessage('1', signingKeyName(ZONE_TOKEN_SIGNING_KEYS.family.prefix, 1))) };
      return { token: await issueZoneToken(claims, { signingKeyPem: key.pem, serial: key.serial, validForSeconds: seconds }) };
    },
  };
}
