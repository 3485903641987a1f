import type { FastifyInstance } from 'fastify';
import { buildErrorBody, isZeroDuration, parseGoDuration, validationErrorBody, type FieldViolation, type KumaErrorBody } from '@kumiko/api';
import { isAdmin, requestUser, sendError, type AdminAccess, type ApiUser } from '@kumiko/rest';

/** A token request's JSON body; fields are read with {@link textField} and friends, never trusted. */
export type TokenRequestBody = Readonly<Record<string, unknown>>;

/** A string field, `''` when absent or not a string (Kuma's Go structs read a wrong type as empty). */
export function textField(body: TokenRequestBody, field: string): string {
  const value = body[field];
  return typeof value === 'string' ? value : '';
}

/** A list of strings, `undefined` when absent or `null`; entries that are not strings are dropped. */
export function listField(body: TokenRequestBody, field: string): string[] | undefined {
  const value = body[field];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : undefined;
}

/** Kuma's validity of a dataplane or zone token whose `validFor` is empty: ten years. */
export const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

/**
 * `validFor` in Go's duration syntax, as seconds, with Kuma's violations. `empty: 'ten-years'` (dataplane and zone
 * tokens) reads an empty value as ten years; `empty: 'refused'` (user tokens) refuses it (`cannot be empty`) and a
 * zero duration too (`cannot be empty or nil`).
 */
export function validForSeconds(value: string, empty: 'ten-years' | 'refused', violations: FieldViolation[]): number {
  if (value === '') {
    if (empty === 'ten-years') return TEN_YEARS_SECONDS;
    violations.push({ field: 'validFor', message: 'cannot be empty' });
    return 0;
  }
  const duration = parseGoDuration(value);
  if (duration === undefined) {
    violations.push({ field: 'validFor', message: `is invalid: time: invalid duration "${value}"` });
    return 0;
  }
  if (empty === 'refused' && isZeroDuration(duration)) violations.push({ field: 'validFor', message: 'cannot be empty or nil' });
  return duration.seconds;
}

/** Kuma's 403 of a token route; `detail` is the reason (`user "<name>/<groups>" cannot access …`, or `action not allowed`). */
export function tokenAccessDenied(detail: string): KumaErrorBody {
  return buildErrorBody({ status: 403, title: 'Access Denied', detail });
}

/** How Kuma prints a user in an access-denied reason: `<name>/<groups joined by ,>`. */
export function userText(user: ApiUser): string {
  return `${user.name}/${user.groups.join(',')}`;
}

/** Kuma's 404 when the key to sign with does not exist. */
export function signingKeyNotFound(detail: string): KumaErrorBody {
  return buildErrorBody({ status: 404, title: 'Signing Key not found', detail });
}

/** Kuma's answer when the control plane's issuer of this kind is disabled. */
const ISSUER_DISABLED = buildErrorBody({
  status: 400,
  title: 'Could not issue a token',
  detail: 'issuing tokens using the control plane is disabled.',
});

/**
 * One token endpoint, in Kuma's shape: `read` turns the body into a request and its violations; `access` says who
 * may call it and how a refusal reads; `issue` signs the token or answers an error body.
 */
export interface TokenRoute<R> {
  readonly path: string;
  /** Kuma checks the request before access for dataplane tokens, and access first for zone and user tokens. */
  readonly order: 'checks-first' | 'access-first';
  /** `false`: the control plane does not issue this kind (Kuma's `enableIssuer: false`). */
  readonly issuerEnabled: boolean;
  read(body: TokenRequestBody): { readonly request: R; readonly violations: readonly FieldViolation[] };
  readonly access: AdminAccess;
  /** The 403 body for `user` (the zone route names the body's zone in it). */
  denied(user: ApiUser, body: TokenRequestBody): KumaErrorBody;
  issue(request: R): Promise<{ readonly token: string } | { readonly error: KumaErrorBody }>;
}

/**
 * Registers `route` as `POST <path>`: a body that is not JSON is Kuma's empty 400; the request's checks (400 `Invalid
 * request` with every violation) and the access check (403, who the request runs as per `requestUser`) run in the
 * route's order; then a disabled issuer answers 400, and a token is answered as `text/plain`, the bare JWT.
 */
export function registerTokenRoute<R>(api: FastifyInstance, route: TokenRoute<R>): void {
  api.post(route.path, async (request, reply) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof request.body === 'string' ? request.body : '');
    } catch {
      return reply.code(400).send(); // Kuma answers an unparsable body with an empty 400
    }
    const body: TokenRequestBody =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as TokenRequestBody) : {};
    const user = requestUser(request);
    const allowed = isAdmin(user, route.access);
    if (route.order === 'access-first' && !allowed) return sendError(reply, route.denied(user, body));
    const { request: tokenRequest, violations } = route.read(body);
    if (violations.length > 0) return sendError(reply, validationErrorBody(violations, 'Invalid request'));
    if (!allowed) return sendError(reply, route.denied(user, body));
    if (!route.issuerEnabled) return sendError(reply, ISSUER_DISABLED);
    const issued = await route.issue(tokenRequest);
    if ('error' in issued) return sendError(reply, issued.error);
    return reply.code(200).type('text/plain').send(issued.token);
  });
}
