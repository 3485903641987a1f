import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorTitles, methodNotAllowedErrorBody, notFoundErrorBody, ZONE_READ_ONLY_MESSAGE, type Mesh } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import type { ZoneApiContext } from './zone-api-context.js';
import { pageOf, parseZoneListRequest } from './zone-list-request.js';
import { resourceItem } from './zone-resource-envelope.js';
import { listBody, requestQuery, routePath, sendError } from './zone-rest-reply.js';

type MeshRequest = FastifyRequest<{ Params: { mesh: string } }>;

/** Meshes as the global CP publishes them (from the GLOBAL replica): read-only on a zone, writes answer 405. */
export function registerZoneMeshRoutes(api: FastifyInstance, ctx: ZoneApiContext): void {
  api.get('/meshes', async (request, reply) => {
    const query = requestQuery(request);
    const parsed = parseZoneListRequest(query, routePath(request));
    if (!parsed.ok) return sendError(reply, parsed.error);
    const meshes = ctx.replica.list(SubjectKinds.Mesh).flatMap((entry) => (entry.resource?.type === 'Mesh' ? [entry.resource] : []));
    const page = pageOf(meshes, parsed.value);
    return listBody(request, query, parsed.value, page.total, page.items.map(resourceItem));
  });

  api.get('/meshes/:mesh', async (request: MeshRequest, reply: FastifyReply) => {
    const mesh = ctx.replica.get(SubjectKinds.Mesh, request.params.mesh);
    if (mesh?.type !== 'Mesh') return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return resourceItem(mesh satisfies Mesh);
  });

  const refuse = async (_request: unknown, reply: FastifyReply) => sendError(reply, methodNotAllowedErrorBody(ZONE_READ_ONLY_MESSAGE));
  api.put('/meshes/:mesh', refuse);
  api.delete('/meshes/:mesh', refuse);
}
