import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildErrorBody, internalErrorBody, notFoundErrorBody } from '@kumiko/api';
import { frameworkErrorBody } from './api-http-limits.js';
import { unsafeRequestErrorBody } from './request-input-check.js';
import { sendError } from './rest-reply.js';

export interface KumaApiOptions {
  /** Where failed requests (500s) are logged; 4xx answers are not logged. */
  readonly logger: Logger;
  /** Until it returns true, every API route answers 503 (the control plane is still starting). */
  readonly isReady: () => boolean;
}

/**
 * Mounts a Kuma-compatible REST API on `http` (before it listens): `routes` registers the API's routes in
 * their own plugin scope, so routes registered on `http` itself (health, readiness) never answer 503.
 *
 * Every error answers in Kuma's error shape: unknown paths 404, framework-level request errors with their
 * status (a body over the limit 413, others 400 with their message), anything thrown 500 (logged, never sent).
 * Before any route runs, a path parameter, query key or query value holding NUL is refused with 400 (bodies are
 * checked where they are read). Bodies reach the handlers as text whatever their
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
    });
    routes(api);
  });
}
