import type { FastifyError, FastifyInstance } from 'fastify';
import { badRequestErrorBody, buildErrorBody, internalErrorBody, notFoundErrorBody } from '@kumiko/api';
import type { ApiContext } from './api-context.js';
import { registerDataplaneRoutes } from './dataplane-routes.js';
import { registerIndexRoutes } from './index-routes.js';
import { registerMeshRoutes } from './mesh-routes.js';
import { registerReadOnlyRoutes } from './read-only-routes.js';
import { sendError } from './rest-reply.js';
import { registerServiceInsightRoutes } from './service-insight-routes.js';
import { registerZoneProxyRoutes } from './zone-proxy-routes.js';
import { registerZoneRoutes } from './zone-routes.js';

/**
 * Mounts the Kuma-compatible REST API on `http`. Every error answers in Kuma's error shape. Bodies reach the
 * handlers as text whatever their content type (Kuma reads JSON regardless), so that a bad body gets Kuma's
 * `invalid <Type> object` answer. Until `isReady()` (the store migrated), API routes answer 503.
 */
export function registerApi(http: FastifyInstance, ctx: ApiContext, isReady: () => boolean): void {
  http.removeAllContentTypeParsers();
  http.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  http.setNotFoundHandler((_request, reply) => sendError(reply, notFoundErrorBody()));
  http.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, { ...badRequestErrorBody(error.message), status });
    ctx.logger.error({ err: error, method: request.method, url: request.url }, 'REST request failed');
    return sendError(reply, internalErrorBody('Could not process the request'));
  });
  void http.register(async (api) => {
    api.addHook('onRequest', async (_request, reply) => {
      if (!isReady()) return sendError(reply, buildErrorBody({ status: 503, title: 'Service Unavailable', detail: 'the control plane is starting' }));
    });
    registerIndexRoutes(api, ctx);
    registerMeshRoutes(api, ctx);
    registerDataplaneRoutes(api, ctx);
    registerZoneRoutes(api, ctx);
    registerZoneProxyRoutes(api, ctx);
    registerServiceInsightRoutes(api, ctx);
    registerReadOnlyRoutes(api);
  });
}
