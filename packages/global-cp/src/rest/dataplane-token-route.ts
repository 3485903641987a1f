import type { FieldViolation } from '@kumiko/api';
import {
  DATAPLANE_TOKEN_PROXY_TYPES,
  dataplaneTokenSigningKeyPrefix,
  issueDataplaneToken,
  missingSigningKeyMessage,
  signingKeyName,
  type DataplaneTokenClaims,
} from '@kumiko/pki';
import { latestSigningKey } from '../dataplane-token-signing-keys.js';
import type { ApiContext } from './api-context.js';
import {
  signingKeyNotFound,
  textField,
  tokenAccessDenied,
  userText,
  validForSeconds,
  type TokenRequestBody,
  type TokenRoute,
} from './token-route.js';

function tagsOf(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(value)) {
    out[key] = Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
  }
  return out;
}

type DataplaneTokenRequest = DataplaneTokenClaims & { readonly validForSeconds: number };

/**
 * `POST /tokens/dataplane`, Kuma's body `{name, mesh, tags, type, workload, validFor}`: the request is checked
 * first (Kuma's order), then access (admins by default, `KUMA_ACCESS_STATIC_GENERATE_DP_TOKEN_*`); the token is
 * signed with the mesh's newest signing key. A mesh without a key (or an unknown mesh) is Kuma's 404 `Signing Key not found`.
 */
export function dataplaneTokenRoute(ctx: ApiContext): TokenRoute<DataplaneTokenRequest> {
  return {
    path: '/tokens/dataplane',
    order: 'checks-first',
    issuerEnabled: ctx.tokenIssuers.dataplane,
    access: ctx.generateDataplaneTokenAccess,
    read(body: TokenRequestBody) {
      const violations: FieldViolation[] = [];
      const mesh = textField(body, 'mesh');
      const type = textField(body, 'type');
      if (mesh === '') violations.push({ field: 'mesh', message: 'cannot be empty' });
      const seconds = validForSeconds(textField(body, 'validFor'), 'ten-years', violations);
      if (type !== '' && !DATAPLANE_TOKEN_PROXY_TYPES.includes(type))
        violations.push({ field: 'type', message: `${type} is not a valid proxy type` });
      const request = { name: textField(body, 'name'), mesh, tags: tagsOf(body['tags']), type, workload: textField(body, 'workload') };
      return { request: { ...request, validForSeconds: seconds }, violations };
    },
    denied: (user) => tokenAccessDenied(`user "${userText(user)}" cannot access generate dataplane token`),
    async issue({ validForSeconds: seconds, ...claims }) {
      const key = await latestSigningKey(ctx.db, claims.mesh);
      if (key === undefined) {
        const name = signingKeyName(dataplaneTokenSigningKeyPrefix(claims.mesh), 1);
        return { error: signingKeyNotFound(missingSigningKeyMessage('1', name, claims.mesh)) };
      }
      return { token: await issueDataplaneToken(claims, { signingKeyPem: key.pem, serial: key.serial, validForSeconds: seconds }) };
    },
  };
}
