import type { FastifyRequest } from 'fastify';
import { buildErrorBody, containsNul, NUL_MESSAGE, type KumaErrorBody } from '@kumiko/api';
import { requestQuery } from './rest-reply.js';

const ENCODED_NUL = /%00/;

/**
 * The REST edge's refusal of what no store can hold: a path parameter (`{mesh}`, `{name}`), query key or query
 * value (`name=`, `filter[labels.a]=`, `tag=`) holding NUL answers 400 `Bad Request` in Kuma's shape, the
 * parameter named as the invalid field, before any route looks at it. `undefined` when the request is clean.
 */
export function unsafeRequestErrorBody(request: FastifyRequest): KumaErrorBody | undefined {
  // NUL reaches a decoded parameter only percent-encoded (Node refuses a raw NUL in the request line).
  if (!ENCODED_NUL.test(request.url)) return undefined;
  const field =
    Object.entries((request.params ?? {}) as Record<string, unknown>).find(
      ([, value]) => typeof value === 'string' && containsNul(value),
    )?.[0] ?? [...requestQuery(request)].find(([key, value]) => containsNul(key) || containsNul(value))?.[0];
  if (field === undefined) return undefined;
  return buildErrorBody({
    status: 400,
    title: 'Bad Request',
    detail: 'Request is not valid',
    invalidParameters: [{ field: JSON.stringify(field).slice(1, -1), reason: NUL_MESSAGE }],
  });
}
