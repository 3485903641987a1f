import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { buildErrorBody, SettingSchemas, type KumaErrorBody, type Setting } from '@kumiko/api';
import { ADMIN_USER, ANONYMOUS_USER, AUTHENTICATED_GROUP, type ApiUser } from './api-user.js';
import { isLocalhostRequest } from './localhost-admin.js';

/** How a bearer token becomes a user: resolves to its name and groups, rejects when the token is not valid. */
export type UserTokenVerifier = (token: string) => Promise<ApiUser>;

export interface ApiAuthenticationOptions {
  /** `KUMA_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN`: requests from this machine (see `isLocalhostRequest`) are admin. */
  readonly localhostIsAdmin: boolean;
  /** Verifies user tokens; without one every bearer token is refused. */
  readonly verifyUserToken?: UserTokenVerifier;
}

/** The settings both control planes read it from, with Kuma's names and defaults. */
export const apiAuthenticationSettings: {
  readonly apiAuthnType: Setting<'tokens'>;
  readonly apiAuthnLocalhostIsAdmin: Setting<boolean>;
} = {
  apiAuthnType: {
    env: 'KUMA_API_SERVER_AUTHN_TYPE',
    default: 'tokens',
    schema: z.literal('tokens', { error: 'only "tokens" is supported (Kuma\u2019s legacy "adminClientCerts" is not)' }),
    description: 'how REST API users authenticate: "tokens" (user tokens as Authorization: Bearer <jwt>)',
  },
  apiAuthnLocalhostIsAdmin: {
    env: 'KUMA_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN',
    default: 'true',
    schema: SettingSchemas.boolean,
    description: 'requests from this machine (loopback peer and Host, no proxy or browser cross-site headers) are admin',
  },
};

/** Kuma's 401 for a bearer token that does not verify. */
export const UNAUTHENTICATED_ERROR_BODY: KumaErrorBody = buildErrorBody({
  status: 401,
  title: 'Invalid authentication data',
  detail: 'Unauthenticated',
});

/**
 * Who a request runs as, decided as Kuma's API server does: a localhost request is the admin (when allowed); else
 * an `Authorization: Bearer <jwt>` user token names the user, who also joins `mesh-system:authenticated`; any other
 * request (no header, another scheme) is anonymous. Resolves to `undefined` when a bearer token is present but does
 * not verify (Kuma answers 401 then, rather than treating the caller as anonymous).
 */
export async function authenticateRequest(request: FastifyRequest, options: ApiAuthenticationOptions): Promise<ApiUser | undefined> {
  if (options.localhostIsAdmin && isLocalhostRequest(request)) return ADMIN_USER;
  const header = request.headers.authorization;
  if (header === undefined || !/^bearer /i.test(header)) return ANONYMOUS_USER;
  const token = header.slice('bearer '.length).trim();
  if (options.verifyUserToken === undefined || token === '') return undefined;
  try {
    const user = await options.verifyUserToken(token);
    return { name: user.name, groups: [...user.groups.filter((group) => group !== AUTHENTICATED_GROUP), AUTHENTICATED_GROUP] };
  } catch {
    return undefined;
  }
}
