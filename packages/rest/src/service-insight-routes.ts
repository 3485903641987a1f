import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  buildErrorBody,
  ErrorTitles,
  Labels,
  notFoundErrorBody,
  ServiceTypes,
  type ServiceInsightStat,
  type ServiceType,
} from '@kumiko/api';
import { answerList, sendError } from './rest-reply.js';

/** What a control plane computes service insights from (the global's dataplane facts, a zone's own store). */
export interface ServiceInsightSource {
  /** Meshes that have Dataplanes, sorted: the cross-mesh list walks them in this order. */
  meshesWithDataplanes(): readonly string[];
  /** The mesh's services, sorted by name; the caller does not mutate them. */
  serviceInsights(mesh: string): readonly ServiceInsightStat[];
  meshExists(mesh: string): Promise<boolean> | boolean;
  /** The times a mesh's service insights carry (RFC 3339). */
  meshTimes(mesh: string): { readonly creationTime: string; readonly modificationTime: string };
  /** A service's `addressPort` (`<service>.mesh:80`). */
  addressPort(service: string): string;
}

type MeshRequest = FastifyRequest<{ Params: { mesh?: string } }>;
type ServiceRequest = FastifyRequest<{ Params: { mesh: string; service: string } }>;

const SERVICE_TYPES: ReadonlySet<string> = new Set(Object.values(ServiceTypes));

/**
 * Kuma's ServiceInsight expanded per service: `{type, mesh, name: <service>, …, status, dataplanes {total,
 * online, offline}, serviceType, addressPort (internal services), issuedBackends?, zones?}`.
 */
function serviceInsightItem(
  source: ServiceInsightSource,
  mesh: string,
  stat: Pick<ServiceInsightStat, 'name' | 'dataplanes' | 'serviceType'> & Partial<ServiceInsightStat>,
): Record<string, unknown> {
  return {
    type: 'ServiceInsight',
    mesh,
    name: stat.name,
    ...source.meshTimes(mesh),
    labels: { [Labels.mesh]: mesh },
    ...(stat.status === undefined ? {} : { status: stat.status }),
    dataplanes: stat.dataplanes,
    ...(stat.issuedBackends !== undefined && Object.keys(stat.issuedBackends).length > 0 ? { issuedBackends: stat.issuedBackends } : {}),
    serviceType: stat.serviceType,
    ...(stat.serviceType === ServiceTypes.internal ? { addressPort: source.addressPort(stat.name) } : {}),
    ...(stat.zones !== undefined && stat.zones.length > 0 ? { zones: stat.zones } : {}),
  };
}

/**
 * `GET /service-insights`, `/meshes/{mesh}/service-insights` (`name` and `type=` filters, paging) and
 * `/meshes/{mesh}/service-insights/{service}` (an unknown service of an existing mesh is answered with zero
 * Dataplanes, as Kuma does), on either control plane.
 */
export function registerServiceInsightRoutes(api: FastifyInstance, source: ServiceInsightSource): void {
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
      const meshes = request.params.mesh === undefined ? source.meshesWithDataplanes() : [request.params.mesh];
      const items = meshes.flatMap((mesh) =>
        source
          .serviceInsights(mesh)
          .filter((stat) => stat.name.includes(page.nameContains) && (wanted.size === 0 || wanted.has(stat.serviceType)))
          .map((stat) => ({ mesh, stat })),
      );
      const pageItems = items.slice(page.offset, page.offset + page.size).map(({ mesh, stat }) => serviceInsightItem(source, mesh, stat));
      return { ok: true, value: { total: items.length, items: pageItems } };
    });

  api.get('/service-insights', list);
  api.get('/meshes/:mesh/service-insights', list);
  api.get('/meshes/:mesh/service-insights/:service', async (request: ServiceRequest, reply: FastifyReply) => {
    const { mesh, service } = request.params;
    if (!(await source.meshExists(mesh))) return sendError(reply, notFoundErrorBody(ErrorTitles.retrieveResource));
    const stat = source.serviceInsights(mesh).find((s) => s.name === service);
    return serviceInsightItem(
      source,
      mesh,
      stat ?? { name: service, serviceType: ServiceTypes.internal, dataplanes: { total: 0, online: 0, offline: 0 } },
    );
  });
}
