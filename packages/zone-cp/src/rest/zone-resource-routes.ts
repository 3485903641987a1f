import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  conflictErrorBody,
  decodeDataplane,
  decodeZoneEgress,
  decodeZoneIngress,
  ErrorTitles,
  internalErrorBody,
  meshNotFoundErrorBody,
  notFoundErrorBody,
  type DataplaneInsight,
  type DecodeResult,
  type Resource,
  readResourceBody,
} from '@kumiko/api';
import { ConcurrencyConflictError } from '@kumiko/bus';
import { SubjectKinds } from '@kumiko/events';
import type { ZoneResource } from '../zone-resource-store.js';
import type { ZoneApiContext } from './zone-api-context.js';
import { pageOf, parseZoneListRequest } from './zone-list-request.js';
import { dataplaneOverviewItem, resourceItem } from './zone-resource-envelope.js';
import { listBody, requestQuery, routePath, sendError } from './zone-rest-reply.js';

type Params = FastifyRequest<{ Params: { mesh?: string; name?: string } }>;
type WritableKind = typeof SubjectKinds.Dataplane | typeof SubjectKinds.ZoneIngress | typeof SubjectKinds.ZoneEgress;

/** One type the zone owns and serves read-write. */
interface WritableType<T extends ZoneResource> {
  readonly type: T['type'] & ('Dataplane' | 'ZoneIngress' | 'ZoneEgress');
  readonly kind: WritableKind;
  readonly decode: (input: unknown) => DecodeResult<T>;
  readonly upsert: (ctx: ZoneApiContext, resource: T) => Promise<{ created: boolean }>;
}

const DATAPLANE: WritableType<Extract<ZoneResource, { type: 'Dataplane' }>> = {
  type: 'Dataplane',
  kind: SubjectKinds.Dataplane,
  decode: decodeDataplane,
  upsert: (ctx, resource) => ctx.store.upsert(resource),
};
const ZONE_INGRESS: WritableType<Extract<ZoneResource, { type: 'ZoneIngress' }>> = {
  type: 'ZoneIngress',
  kind: SubjectKinds.ZoneIngress,
  decode: decodeZoneIngress,
  upsert: (ctx, resource) => ctx.store.upsert(resource),
};
const ZONE_EGRESS: WritableType<Extract<ZoneResource, { type: 'ZoneEgress' }>> = {
  type: 'ZoneEgress',
  kind: SubjectKinds.ZoneEgress,
  decode: decodeZoneEgress,
  upsert: (ctx, resource) => ctx.store.upsert(resource),
};

function listOf(ctx: ZoneApiContext, kind: WritableKind, mesh: string | undefined): ZoneResource[] {
  return ctx.store.list(kind, mesh);
}

/**
 * A zone-owned type's routes: list, get, PUT (validated; the mesh must exist in the global replica; answers
 * only once JetStream acknowledged; 409 when another writer changed it concurrently) and DELETE.
 * `base` is `/meshes/:mesh/dataplanes` or `/zoneingresses`; `crossMesh` adds `GET /dataplanes`.
 */
function registerWritable<T extends ZoneResource>(api: FastifyInstance, ctx: ZoneApiContext, spec: WritableType<T>, bases: readonly string[], crossMesh?: string): void {
  const meshScoped = spec.kind === SubjectKinds.Dataplane;
  const list = async (request: Params, reply: FastifyReply) => {
    const query = requestQuery(request);
    const parsed = parseZoneListRequest(query, routePath(request));
    if (!parsed.ok) return sendError(reply, parsed.error);
    const page = pageOf(listOf(ctx, spec.kind, request.params.mesh), parsed.value);
    return listBody(request, query, parsed.value, page.total, page.items.map(resourceItem));
  };
  const get = async (request: Params, reply: FastifyReply) => {
    const resource = ctx.store.get({ kind: spec.kind, mesh: request.params.mesh, name: request.params.name ?? '' });
    if (resource === undefined) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return resourceItem(resource);
  };
  const put = async (request: Params, reply: FastifyReply) => {
    const urlMesh = request.params.mesh ?? '';
    const name = request.params.name ?? '';
    const read = readResourceBody(request.body, { type: spec.type, urlName: name, urlMesh, decode: spec.decode }, { mode: 'zone', federatedZone: true, zoneName: ctx.zoneName });
    if (!read.ok) return sendError(reply, read.error);
    const existing = ctx.store.get({ kind: spec.kind, mesh: meshScoped ? urlMesh : undefined, name });
    const title = existing === undefined ? ErrorTitles.createResource : ErrorTitles.updateResource;
    if (meshScoped && ctx.replica.get(SubjectKinds.Mesh, urlMesh) === undefined) return sendError(reply, meshNotFoundErrorBody(urlMesh, title));
    const now = new Date().toISOString();
    const stamped = { ...read.value, creationTime: existing?.creationTime ?? now, modificationTime: now };
    try {
      const { created } = await spec.upsert(ctx, stamped);
      return reply.code(created ? 201 : 200).send({});
    } catch (error) {
      if (error instanceof ConcurrencyConflictError) return sendError(reply, conflictErrorBody());
      ctx.logger.error({ err: error, type: spec.type, mesh: urlMesh, name }, 'resource not written');
      return sendError(reply, internalErrorBody(title));
    }
  };
  const remove = async (request: Params, reply: FastifyReply) => {
    try {
      const deleted = await ctx.store.delete(spec.kind, request.params.mesh, request.params.name ?? '');
      if (!deleted) return sendError(reply, notFoundErrorBody(ErrorTitles.deleteResource));
      return {};
    } catch (error) {
      if (error instanceof ConcurrencyConflictError) return sendError(reply, conflictErrorBody());
      ctx.logger.error({ err: error, type: spec.type }, 'resource not deleted');
      return sendError(reply, internalErrorBody(ErrorTitles.deleteResource));
    }
  };
  for (const base of bases) {
    api.get(base, list);
    api.get(`${base}/:name`, get);
    api.put(`${base}/:name`, put);
    api.delete(`${base}/:name`, remove);
  }
  if (crossMesh !== undefined) api.get(crossMesh, list);
}

/**
 * What the zone owns — Dataplanes (per mesh, across meshes, `_overview` with insights), ZoneIngresses and
 * ZoneEgresses (also under `/zone-ingresses`, `/zone-egresses`) — served from the zone's store under their
 * zone-local names.
 */
export function registerZoneResourceRoutes(api: FastifyInstance, ctx: ZoneApiContext): void {
  registerWritable(api, ctx, DATAPLANE, ['/meshes/:mesh/dataplanes'], '/dataplanes');
  registerWritable(api, ctx, ZONE_INGRESS, ['/zoneingresses', '/zone-ingresses']);
  registerWritable(api, ctx, ZONE_EGRESS, ['/zoneegresses', '/zone-egresses']);

  const insightOf = (dataplane: Resource): DataplaneInsight | undefined => {
    const insight = ctx.store.get({ kind: SubjectKinds.DataplaneInsight, mesh: 'mesh' in dataplane ? dataplane.mesh : undefined, name: dataplane.name });
    return insight?.type === 'DataplaneInsight' ? insight : undefined;
  };
  api.get('/meshes/:mesh/dataplanes/_overview', async (request: Params, reply: FastifyReply) => {
    const query = requestQuery(request);
    const parsed = parseZoneListRequest(query, routePath(request));
    if (!parsed.ok) return sendError(reply, parsed.error);
    const page = pageOf(listOf(ctx, SubjectKinds.Dataplane, request.params.mesh), parsed.value);
    return listBody(request, query, parsed.value, page.total, page.items.map((dataplane) => dataplaneOverviewItem(dataplane, insightOf(dataplane))));
  });
  api.get('/meshes/:mesh/dataplanes/:name/_overview', async (request: Params, reply: FastifyReply) => {
    const dataplane = ctx.store.get({ kind: SubjectKinds.Dataplane, mesh: request.params.mesh, name: request.params.name ?? '' });
    if (dataplane === undefined) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    return dataplaneOverviewItem(dataplane, insightOf(dataplane));
  });
}
