import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorTitles, notFoundErrorBody } from '@kumiko/api';
import { getResource, listMatchedDataplanes, listResources } from '@kumiko/store';
import type { ApiContext } from './api-context.js';
import { parseListRequest } from './list-request.js';
import { dataplaneOverviewItem, resourceItem } from './resource-envelope.js';
import { listBody, requestQuery, routePath, sendError } from './rest-reply.js';

type MeshRequest = FastifyRequest<{ Params: { mesh?: string } }>;
type NamedRequest = FastifyRequest<{ Params: { mesh: string; name: string } }>;

/**
 * Dataplanes as projected from every zone (global names, pinned labels): lists per mesh and across meshes,
 * single resources, and their overviews with insights (`_overview`, legacy `dataplanes+insights`).
 */
export function registerDataplaneRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const list = (overview: boolean) => async (request: MeshRequest, reply: FastifyReply) => {
    const query = requestQuery(request);
    const parsed = parseListRequest(query, { routePath: routePath(request), dataplaneFilters: true });
    if (!parsed.ok) return sendError(reply, parsed.error);
    const page = parsed.value;
    const mesh = request.params.mesh;
    // Tag and gateway filters are answered from the in-memory dataplane facts, reconciled in SQL with what
    // changed since; label filters, and everything before the facts are loaded, go to SQL alone.
    const filtered = page.tags.length > 0 || page.gateway !== 'any';
    const facts = filtered && Object.keys(page.labels).length === 0 ? ctx.facts.matchDataplanes(mesh, page) : undefined;
    const result =
      facts !== undefined
        ? await listMatchedDataplanes(ctx.db, {
            mesh,
            ...facts,
            filter: { nameContains: page.nameContains, tags: page.tags, gateway: page.gateway },
            withInsight: overview,
            offset: page.offset,
            size: page.size,
          })
        : await listResources(ctx.db, {
            type: 'Dataplane',
            mesh,
            nameContains: page.nameContains,
            labels: page.labels,
            tags: page.tags,
            tagPrefilter: page.tags.length > 0 ? ctx.facts.tagPrefilter(page.tags) : undefined,
            gateway: page.gateway,
            withInsight: overview,
            offset: page.offset,
            size: page.size,
          });
    return listBody(request, query, page, result.total, result.items.map(overview ? dataplaneOverviewItem : resourceItem));
  };
  const get = (overview: boolean) => async (request: NamedRequest, reply: FastifyReply) => {
    const { mesh, name } = request.params;
    const stored = await getResource(ctx.db, { type: 'Dataplane', mesh, name, withInsight: overview });
    if (stored === undefined) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return overview ? dataplaneOverviewItem(stored) : resourceItem(stored);
  };

  api.get('/dataplanes', list(false));
  api.get('/meshes/:mesh/dataplanes', list(false));
  api.get('/meshes/:mesh/dataplanes/_overview', list(true));
  api.get('/meshes/:mesh/dataplanes+insights', list(true));
  api.get('/meshes/:mesh/dataplanes/:name', get(false));
  api.get('/meshes/:mesh/dataplanes/:name/_overview', get(true));
  api.get('/meshes/:mesh/dataplanes+insights/:name', get(true));
}
