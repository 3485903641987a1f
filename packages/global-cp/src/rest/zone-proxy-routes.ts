import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorTitles, notFoundErrorBody } from '@kumiko/api';
import { getResource, listResources } from '@kumiko/store';
import type { ApiContext } from './api-context.js';
import { parseListRequest } from './list-request.js';
import { resourceItem, zoneProxyOverviewItem } from './resource-envelope.js';
import { listBody, requestQuery, routePath, sendError } from './rest-reply.js';

type NamedRequest = FastifyRequest<{ Params: { name: string } }>;

/** ZoneIngresses and ZoneEgresses of every zone (global-scoped, global names), with Kuma's path aliases. */
export function registerZoneProxyRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const list = (type: 'ZoneIngress' | 'ZoneEgress', overview: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const query = requestQuery(request);
    const parsed = parseListRequest(query, { routePath: routePath(request) });
    if (!parsed.ok) return sendError(reply, parsed.error);
    const page = parsed.value;
    const result = await listResources(ctx.db, { type, nameContains: page.nameContains, labels: page.labels, offset: page.offset, size: page.size });
    return listBody(request, query, page, result.total, result.items.map(overview ? zoneProxyOverviewItem : resourceItem));
  };
  const get = (type: 'ZoneIngress' | 'ZoneEgress', overview: boolean) => async (request: NamedRequest, reply: FastifyReply) => {
    const stored = await getResource(ctx.db, { type, mesh: '', name: request.params.name });
    if (stored === undefined) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return overview ? zoneProxyOverviewItem(stored) : resourceItem(stored);
  };

  for (const base of ['/zoneingresses', '/zone-ingresses']) {
    api.get(base, list('ZoneIngress', false));
    api.get(`${base}/_overview`, list('ZoneIngress', true));
    api.get(`${base}/:name`, get('ZoneIngress', false));
    api.get(`${base}/:name/_overview`, get('ZoneIngress', true));
  }
  api.get('/zoneingresses+insights', list('ZoneIngress', true));
  api.get('/zoneegresses', list('ZoneEgress', false));
  api.get('/zoneegresses/_overview', list('ZoneEgress', true));
  api.get('/zoneegressoverviews', list('ZoneEgress', true));
  api.get('/zoneegresses/:name', get('ZoneEgress', false));
  api.get('/zoneegresses/:name/_overview', get('ZoneEgress', true));
}
