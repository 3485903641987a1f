import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorTitles, notFoundErrorBody } from '@kumiko/api';
import { getResource, listResources } from '@kumiko/store';
import type { ApiContext } from './api-context.js';
import { parseListRequest } from './list-request.js';
import { resourceItem } from './resource-envelope.js';
import { listBody, requestQuery, routePath, sendError } from './rest-reply.js';

type MeshRequest = FastifyRequest<{ Params: { mesh: string } }>;

/** Meshes, which the global CP owns: read, create or update (validated), delete (refused while in use). */
export function registerMeshRoutes(api: FastifyInstance, ctx: ApiContext): void {
  api.get('/meshes', async (request, reply) => {
    const query = requestQuery(request);
    const parsed = parseListRequest(query, { routePath: routePath(request) });
    if (!parsed.ok) return sendError(reply, parsed.error);
    const page = parsed.value;
    const result = await listResources(ctx.db, { type: 'Mesh', nameContains: page.nameContains, labels: page.labels, offset: page.offset, size: page.size });
    return listBody(request, query, page, result.total, result.items.map(resourceItem));
  });

  api.get('/meshes/:mesh', async (request: MeshRequest, reply: FastifyReply) => {
    const stored = await getResource(ctx.db, { type: 'Mesh', mesh: '', name: request.params.mesh });
    if (stored === undefined) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return resourceItem(stored);
  });

  api.put('/meshes/:mesh', async (request: MeshRequest, reply: FastifyReply) => {
    const result = await ctx.meshes.put(request.params.mesh, request.body);
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(result.value.created ? 201 : 200).send({});
  });

  api.delete('/meshes/:mesh', async (request: MeshRequest, reply: FastifyReply) => {
    const outcome = await ctx.meshes.delete(request.params.mesh);
    if (outcome.status === 'not-found') return sendError(reply, notFoundErrorBody(ErrorTitles.deleteResource));
    if (outcome.status === 'refused') return sendError(reply, outcome.error);
    return {};
  });
}
