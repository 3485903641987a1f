import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { buildErrorBody, ErrorTitles, Labels, notFoundErrorBody } from '@kumiko/api';
import { getResource } from '@kumiko/store';
import { ServiceTypes, type ServiceInsightStat, type ServiceType } from '../service-insight-builder.js';
import { answerList, sendError } from '@kumiko/rest';
import type { ApiContext } from './api-context.js';

type MeshRequest = FastifyRequest<{ Params: { mesh?: string } }>;
type ServiceRequest = FastifyRequest<{ Params: { mesh: string; service: string } }>;

const SERVICE_TYPES: ReadonlySet<string> = new Set(Object.values(ServiceTypes));

/**
 * Kuma's ServiceInsight expanded per service: `{type, mesh, name: <service>, …, status, dataplanes {total,
 * online, offline}, serviceType, addressPort (internal services), issuedBackends?, zones?}`.
 */
function serviceInsightItem(
  ctx: ApiContext,
  mesh: string,
  stat: Pick<ServiceInsightStat, 'name' | 'dataplanes' | 'serviceType'> & Partial<ServiceInsightStat>,
): Record<string, unknown> {
  const times = ctx.facts.meshTimes(mesh);
  return {
    type: 'ServiceInsight',
    mesh,
    name: stat.name,
    creationTime: times.creationTime.toISOString(),
    modificationTime: times.modificationTime.toISOString(),
    labels: { [Labels.mesh]: mesh },
    ...(stat.status === undefined ? {} : { status: stat.status }),
    dataplanes: stat.dataplanes,
    ...(stat.issuedBackends !== undefined && Object.keys(stat.issuedBackends).length > 0 ? { issuedBackends: stat.issuedBackends } : {}),
    serviceType: stat.serviceType,
    ...(stat.serviceType === ServiceTypes.internal ? { addressPort: ctx.addressPort(stat.name) } : {}),
    ...(stat.zones !== undefined && stat.zones.length > 0 ? { zones: stat.zones } : {}),
  };
}

/** Service insights per mesh and across meshes, computed from the dataplane facts (at most one resync interval old). */
export function registerServiceInsightRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const list = (request: MeshRequest, reply: FastifyReply) =>
    answerList(request, reply, { labelFilters: false }, (page, query) => {
      const wanted = new Set<ServiceType>();
      for (const part of (query.get('type') ?? '').split(',')) {
        const type = part.trim().toLowerCase();
        if (type === '') continue;
        if (!SERVICE_TYPES.has(type))
          return { ok: false, error: buildErrorBody({ status: 400, title: 'Invalid response type', detail: 'unsupported service type' }) };
        wanted.add(type as ServiceType);
      }
      const meshes = request.params.mesh === undefined ? ctx.facts.meshesWithDataplanes() : [request.params.mesh];
      const items = meshes.flatMap((mesh) =>
        ctx.facts
          .serviceInsights(mesh)
          .filter((stat) => stat.name.includes(page.nameContains) && (wanted.size === 0 || wanted.has(stat.serviceType)))
          .map((stat) => ({ mesh, stat })),
      );
      const pageItems = items.slice(page.offset, page.offset + page.size).map(({ mesh, stat }) => serviceInsightItem(ctx, mesh, stat));
      return { ok: true, value: { total: items.length, items: pageItems } };
    });

  api.get('/service-insights', list);
  api.get('/meshes/:mesh/service-insights', list);
  api.get('/meshes/:mesh/service-insights/:service', async (request: ServiceRequest, reply: FastifyReply) => {
    const { mesh, service } = request.params;
    if ((await getResource(ctx.db, { type: 'Mesh', mesh: '', name: mesh })) === undefined) {
      return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    }
    const stat = ctx.facts.serviceInsights(mesh).find((s) => s.name === service);
    return serviceInsightItem(
      ctx,
      mesh,
      stat ?? { name: service, serviceType: ServiceTypes.internal, dataplanes: { total: 0, online: 0, offline: 0 } },
    );
  });
}
