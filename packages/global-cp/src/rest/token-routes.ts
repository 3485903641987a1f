import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './api-context.js';
import { dataplaneTokenRoute } from './dataplane-token-route.js';
import { registerTokenRoute } from './token-route.js';
import { userTokenRoute } from './user-token-route.js';
import { zoneTokenRoute } from './zone-token-route.js';

/** Kuma's token endpoints on the global API: `POST /tokens/dataplane`, `POST /tokens/zone` and `POST /tokens/user`. */
export function registerTokenRoutes(api: FastifyInstance, ctx: ApiContext): void {
  registerTokenRoute(api, dataplaneTokenRoute(ctx));
  registerTokenRoute(api, zoneTokenRoute(ctx));
  registerTokenRoute(api, userTokenRoute(ctx));
}
