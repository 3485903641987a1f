import type { FastifyRequest } from 'fastify';
import { ANONYMOUS_USER, type ApiUser } from './api-user.js';

const users = new WeakMap<FastifyRequest, ApiUser>();

/**
 * Who `request` runs as: the user its authentication step recorded with {@link setRequestUser}, else the anonymous
 * user (no credentials). Every access decision (admin-only types, token generation, writes) reads it here.
 */
export function requestUser(request: FastifyRequest): ApiUser {
  return users.get(request) ?? ANONYMOUS_USER;
}

/** Records who `request` runs as; called once by the API server's authentication step. */
export function setRequestUser(request: FastifyRequest, user: ApiUser): void {
  users.set(request, user);
}
