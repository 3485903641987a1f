import type { FastifyInstance } from 'fastify';
import { Owners } from '@kumiko/api';
import { registerIndexRoutes, registerKumaApi, registerResourceRoutes, registerServiceInsightRoutes } from '@kumiko/rest';
import type { ApiContext } from './api-context.js';
import { registerGlobalInsightRoutes } from './global-insight-routes.js';
import { globalResourceSource } from './global-resource-source.js';
import { globalServiceInsightSource } from './global-service-insight-source.js';
import { registerReadOnlyRoutes } from './read-only-routes.js';
import { registerTokenRoutes } from './token-routes.js';

/**
 * Mounts the global CP's Kuma-compatible REST API on `http`: the registry's types from Postgres (meshes and
 * zones writable, what zones own or the CP computes answering 405), plus the index routes (`/`, `/who-am-i`,
 * `/_resources`, `/policies`), the global insight and service insights, and `POST /tokens/dataplane`. Until `isReady()` (the store migrated), API routes answer 503.
 */
export function registerApi(http: FastifyInstance, ctx: ApiContext, isReady: () => boolean): void {
  registerKumaApi(http, { logger: ctx.logger, isReady, authentication: ctx.authentication }, (api) => {
    registerIndexRoutes(api, { controlPlane: Owners.global, instanceId: ctx.instanceId });
    registerGlobalInsightRoutes(api, ctx);
    registerResourceRoutes(api, globalResourceSource(ctx), {
      controlPlane: Owners.global,
      adminAccess: ctx.adminAccess,
      writeAccess: ctx.writeAccess,
    });
    registerServiceInsightRoutes(api, globalServiceInsightSource(ctx));
    registerTokenRoutes(api, ctx);
    registerReadOnlyRoutes(api);
  });
}
