import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorTitles, notFoundErrorBody } from '@kumiko/api';
import { getZone, listZones } from '@kumiko/store';
import type { ApiContext } from './api-context.js';
import { parseListRequest } from './list-request.js';
import { zoneItem, zoneOverviewItem } from './resource-envelope.js';
import { listBody, requestQuery, routePath, sendError } from './rest-reply.js';

type ZoneRequest = FastifyRequest<{ Params: { name: string } }>;

/** Zones with their insights; operators enable, disable and delete them here. */
export function registerZoneRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const list = (overview: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const query = requestQuery(request);
    const parsed = parseListRequest(query, { routePath: routePath(request) });
    if (!parsed.ok) return sendError(reply, parsed.error);
    const page = parsed.value;
    const result = await listZones(ctx.db, { nameContains: page.nameContains, labels: page.labels, withInsight: overview, offset: page.offset, size: page.size });
    return listBody(request, query, page, result.total, result.items.map(overview ? zoneOverviewItem : zoneItem));
  };
  const get = (overview: boolean) => async (request: ZoneRequest, reply: FastifyReply) => {
    const zone = await getZone(ctx.db, request.params.name, { withInsight: overview });
    if (zone === undefined) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return overview ? zoneOverviewItem(zone) : zoneItem(zone);
  };

  api.get('/zones', list(false));
  api.get('/zones/_overview', list(true));
  api.get('/zones+insights', list(true));
  api.get('/zones/:name', get(false));
  api.get('/zones/:name/_overview', get(true));
  api.get('/zones+insights/:name', get(true));

  api.put('/zones/:name', async (request: ZoneRequest, reply: FastifyReply) => {
    const result = await ctx.zones.put(request.params.name, request.body);
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(result.value.created ? 201 : 200).send({});
  });

  api.delete('/zones/:name', async (request: ZoneRequest, reply: FastifyReply) => {
    const outcome = await ctx.zones.delete(request.params.name);
    if (outcome.status === 'not-found') return sendError(reply, notFoundErrorBody(ErrorTitles.deleteResource));
    if (outcome.status === 'refused') return sendError(reply, outcome.error);
    return {};
  });
}
