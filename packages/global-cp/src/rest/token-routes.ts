import type { FastifyInstance } from 'fastify';
import { buildErrorBody, parseGoDuration, validationErrorBody, type FieldViolation } from '@kumiko/api';
import { DATAPLANE_TOKEN_PROXY_TYPES, dataplaneTokenSigningKeyPrefix, issueDataplaneToken, signingKeyName } from '@kumiko/pki';
import { isAdmin, requestUser, sendError } from '@kumiko/rest';
import { latestSigningKey } from '../dataplane-token-signing-keys.js';
import type { ApiContext } from './api-context.js';

/** Kuma's validity for a dataplane or zone token whose `validFor` is empty: ten years. */
const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

interface DataplaneTokenRequest {
  readonly name?: unknown;
  readonly mesh?: unknown;
  readonly tags?: unknown;
  readonly type?: unknown;
  readonly workload?: unknown;
  readonly validFor?: unknown;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function tagsOf(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(value)) {
    out[key] = Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
  }
  return out;
}

/** `validFor` in Go's duration syntax, as seconds; empty means ten years. */
function validForSeconds(value: string, violations: FieldViolation[]): number {
  if (value === '') return TEN_YEARS_SECONDS;
  const duration = parseGoDuration(value);
  if (duration === undefined) {
    violations.push({ field: 'validFor', message: `is invalid: time: invalid duration "${value}"` });
    return 0;
  }
  return duration.seconds;
}

/**
 * `POST /tokens/dataplane`, Kuma's body `{name, mesh, tags, type, workload, validFor}`: the request is checked
 * first (Kuma's order), then access (admins by default, `KUMA_ACCESS_STATIC_GENERATE_DP_TOKEN_*`); the token is
 * signed with the mesh's newest signing key and answered as `text/plain`. A mesh without a key (or an unknown
 * mesh) is Kuma's 404 `Signing Key not found`.
 */
export function registerTokenRoutes(api: FastifyInstance, ctx: ApiContext): void {
  api.post('/tokens/dataplane', async (request, reply) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof request.body === 'string' ? request.body : '');
    } catch {
      return reply.code(400).send(); // Kuma answers an unparsable body with an empty 400
    }
    const body = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as DataplaneTokenRequest;
    const mesh = text(body.mesh);
    const type = text(body.type);
    const violations: FieldViolation[] = [];
    if (mesh === '') violations.push({ field: 'mesh', message: 'cannot be empty' });
    const seconds = validForSeconds(text(body.validFor), violations);
    if (type !== '' && !DATAPLANE_TOKEN_PROXY_TYPES.includes(type))
      violations.push({ field: 'type', message: `${type} is not a valid proxy type` });
    if (violations.length > 0) return sendError(reply, validationErrorBody(violations, 'Invalid request'));
    const user = requestUser(request);
    if (!isAdmin(user, ctx.generateDataplaneTokenAccess)) {
      return sendError(
        reply,
        buildErrorBody({
          status: 403,
          title: 'Access Denied',
          detail: `user "${user.name}/${user.groups.join(',')}" cannot access generate dataplane token`,
        }),
      );
    }
    const key = await latestSigningKey(ctx.db, mesh);
    if (key === undefined) {
      const name = signingKeyName(dataplaneTokenSigningKeyPrefix(mesh), 1);
      return sendError(
        reply,
        buildErrorBody({
          status: 404,
          title: 'Signing Key not found',
          detail: `there is no signing key with KID 1. Secret of name "${name}" in mesh "${mesh}" is not found. If signing key was rotated, regenerate the token`,
        }),
      );
    }
    const token = await issueDataplaneToken(
      { name: text(body.name), mesh, tags: tagsOf(body.tags), type, workload: text(body.workload) },
      { signingKeyPem: key.pem, serial: key.serial, validForSeconds: seconds },
    );
    return reply.code(200).type('text/plain').send(token);
  });
}
