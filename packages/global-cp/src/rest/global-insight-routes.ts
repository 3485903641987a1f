import type { FastifyInstance } from 'fastify';
import { readGlobalCounts } from '@kumiko/store';
import type { ApiContext } from './api-context.js';

/** `GET /global-insight`: counts across every mesh and zone. */
export function registerGlobalInsightRoutes(api: FastifyInstance, ctx: ApiContext): void {
  api.get('/global-insight', async () => {
    const counts = await readGlobalCounts(ctx.db);
    const online = new Set(counts.zones.filter((zone) => zone.online).map((zone) => zone.name));
    // Zones do not report zone proxy insights: a ZoneIngress or ZoneEgress counts as online while its zone is.
    const proxies = (type: 'ZoneIngress' | 'ZoneEgress') => {
      const rows = counts.zoneProxies.filter((row) => row.type === type);
      return {
        total: rows.reduce((sum, row) => sum + row.count, 0),
        online: rows.filter((row) => online.has(row.zone)).reduce((sum, row) => sum + row.count, 0),
      };
    };
    const summary = ctx.facts.summary();
    return {
      createdAt: new Date().toISOString(),
      services: { ...summary.services, external: { total: 0 } },
      zones: {
        controlPlanes: { total: counts.zones.length, online: online.size },
        zoneIngresses: proxies('ZoneIngress'),
        zoneEgresses: proxies('ZoneEgress'),
      },
      dataplanes: summary.dataplanes,
      policies: { total: 0 },
      meshes: { total: counts.meshes },
      resources: {},
    };
  });
}
