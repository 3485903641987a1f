import type { FastifyError, FastifyInstance } from 'fastify';
import { badRequestErrorBody, buildErrorBody, internalErrorBody, notFoundErrorBody } from '@kumiko/api';
import type { ZoneApiContext } from './zone-api-context.js';
import { registerZoneMeshRoutes } from './zone-mesh-routes.js';
import { registerZoneResourceRoutes } from './zone-resource-routes.js';
import { sendError } from './zone-rest-reply.js';

/**
 * Mounts the zone CP's Kuma-compatible REST API on `http` (before it listens). Every error answers in Kuma's
 * error shape. Bodies reach the handlers as text whatever their content type, so that a bad body gets Kuma's
 * `invalid <Type> object` answer. Until `isReady()` (state rebuilt, replica caught up), API routes answer 503.
 */
export function registerZoneApi(http: FastifyInstance, ctx: ZoneApiContext, isReady: () => boolean): void {
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
    registerZoneMeshRoutes(api, ctx);
    registerZoneResourceRoutes(api, ctx);
  });
}
