import type { FastifyInstance } from 'fastify';
import { Owners } from '@kumiko/api';
import { registerIndexRoutes, registerKumaApi, registerResourceRoutes, registerServiceInsightRoutes } from '@kumiko/rest';
import type { ZoneApiContext } from './zone-api-context.js';
import { zoneResourceSource } from './zone-resource-source.js';
import { zoneServiceInsightSource } from './zone-service-insight-source.js';

/**
 * Mounts the zone CP's Kuma-compatible REST API on `http` (before it listens): the index routes (`/`,
 * `/who-am-i`, `/_resources`, `/policies`), the registry's types from the zone's own store and the GLOBAL
 * replica, read-write for what the zone owns, 405 for the rest, and the service insights of the zone's own
 * Dataplanes. Until
 * `isReady()` (state rebuilt, replica caught up), API routes answer 503.
 */
export function registerZoneApi(http: FastifyInstance, ctx: ZoneApiContext, isReady: () => boolean): void {
  registerKumaApi(http, { logger: ctx.logger, isReady, authentication: ctx.authentication }, (api) => {
    registerIndexRoutes(api, { controlPlane: Owners.zone, instanceId: ctx.instanceId });
    registerResourceRoutes(api, zoneResourceSource(ctx), {
      controlPlane: Owners.zone,
      zoneName: ctx.zoneName,
      adminAccess: ctx.adminAccess,
      writeAccess: ctx.writeAccess,
    });
    registerServiceInsightRoutes(api, zoneServiceInsightSource(ctx));
  });
}
