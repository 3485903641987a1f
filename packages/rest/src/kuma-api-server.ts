import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildErrorBody, internalErrorBody, notFoundErrorBody } from '@kumiko/api';
import { authenticateRequest, UNAUTHENTICATED_ERROR_BODY, type ApiAuthenticationOptions } from './api-authentication.js';
import { frameworkErrorBody } from './api-http-limits.js';
import { setRequestUser } from './request-user.js';
import { unsafeRequestErrorBody } from './request-input-check.js';
import { sendError } from './rest-reply.js';

export interface KumaApiOptions {
  /** Where failed requests (500s) are logged; 4xx answers are not logged. */
  readonly logger: Logger;
  /** Until it returns true, every API route answers 503 (the control plane is still starting). */
  readonly isReady: () => boolean;
  /** How requests are authenticated. Default: nobody is (every request is anonymous). */
  readonly authentication?: ApiAuthenticationOptions;
}

/** Routes Kuma answers without looking at credentials: the index, and the GUI's pages. */
function skipsAuthentication(method: string, path: string): boolean {
  return (method === 'GET' && path === '/') || path === '/gui' || path.startsWith('/gui/');
}

/**
 * Mounts a Kuma-compatible REST API on `http` (before it listens): `routes` registers the API's routes in
 * their own plugin scope, so routes registered on `http` itself (health, readiness) never answer 503.
 *
 * Every error answers in Kuma's error shape: unknown paths 404, framework-level request errors with their
 * status (a body over the limit 413, others 400 with their message), anything thrown 500 (logged, never sent).
 * Before any route runs, a path parameter, query key or query value holding NUL is refused with 400 (bodies are
 * checked where they are read), and the request is authenticated: a bearer token that does not verify is Kuma's
 * 401; otherwise the user (admin, a token's user, or anonymous) is recorded for `requestUser`. Bodies reach the handlers as text whatever their
 * content type (Kuma reads JSON regardless), so that a bad body gets Kuma's `invalid <Type> object` answer.
 */
export function registerKumaApi(http: FastifyInstance, options: KumaApiOptions, routes: (api: FastifyInstance) => void): void {
  http.removeAllContentTypeParsers();
  http.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  http.setNotFoundHandler((_request, reply) => sendError(reply, notFoundErrorBody()));
  http.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, frameworkErrorBody(error));
    options.logger.error({ err: error, method: request.method, url: request.url }, 'REST request failed');
    return sendError(reply, internalErrorBody('Could not process the request'));
  });
  void http.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      if (!options.isReady())
        return sendError(reply, buildErrorBody({ status: 503, title: 'Service Unavailable', detail: 'the control plane is starting' }));
      const unsafe = unsafeRequestErrorBody(request);
      if (unsafe !== undefined) return sendError(reply, unsafe);
      const authentication = options.authentication;
      if (authentication === undefined || skipsAuthentication(request.method, request.url.split('?', 1)[0] ?? '')) return;
      const user = await authenticateRequest(request, authentication);
      if (user === undefined) return sendError(reply, UNAUTHENTICATED_ERROR_BODY);
      setRequestUser(request, user);
    });
    routes(api);
  });
}
