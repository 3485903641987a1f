import {
  conflictErrorBody,
  dataplaneTagSets,
  descriptorOf,
  ErrorTitles,
  gatewayFilterMatches,
  internalErrorBody,
  meshNotFoundErrorBody,
  readResourceBody,
  resourceToJson,
  ResourceTypes,
  Scopes,
  tagSetMatches,
  type KumaErrorBody,
  type Resource,
  type ResourceType,
} from '@kumiko/api';
import { ConcurrencyConflictError } from '@kumiko/bus';
import { SubjectKinds, type ZoneOwnedKind } from '@kumiko/events';
import {
  inMemoryPage,
  type ResourceKey,
  type ResourceRecord,
  type ResourceSource,
  type ResourceWriter,
  type SourceListQuery,
} from '@kumiko/rest';
import type { ZoneResource } from '../zone-resource-store.js';
import type { ZoneApiContext } from './zone-api-context.js';

/** The types a zone accepts writes of: its proxies. */
type WritableType = typeof ResourceTypes.Dataplane | typeof ResourceTypes.ZoneIngress | typeof ResourceTypes.ZoneEgress;

function recordOf(resource: Resource, insight: Resource | undefined): ResourceRecord {
  return {
    type: resource.type,
    ...('mesh' in resource ? { mesh: resource.mesh } : {}),
    name: resource.name,
    labels: resource.labels,
    ...(resource.creationTime === undefined ? {} : { creationTime: resource.creationTime }),
    ...(resource.modificationTime === undefined ? {} : { modificationTime: resource.modificationTime }),
    spec: resourceToJson(resource) as Readonly<Record<string, unknown>>,
    ...(insight === undefined ? {} : { insight: resourceToJson(insight) as Readonly<Record<string, unknown>> }),
  };
}

/** Kuma's `tag=` and `gateway=` filters; they apply to Dataplanes only. */
function passesDataplaneFilters(resource: Resource, query: SourceListQuery): boolean {
  if (resource.type !== ResourceTypes.Dataplane) return true;
  if (!gatewayFilterMatches(resource.networking?.gateway?.type, query.gateway)) return false;
  return query.tags.length === 0 || dataplaneTagSets(resource).some((tags) => tagSetMatches(tags, query.tags));
}

function kindOf(type: ResourceType): ZoneOwnedKind {
  return descriptorOf(type).subjectKind as ZoneOwnedKind;
}

/**
 * The zone CP's data source: meshes from the GLOBAL replica (read-only here), and what the zone owns —
 * Dataplanes with their insights, ZoneIngresses, ZoneEgresses — from the zone's own store, under their
 * zone-local names. Everything is in memory; lists filter (names, labels, and tags and gateway mode of
 * Dataplanes) and page as Kuma's store does.
 */
export function zoneResourceSource(ctx: ZoneApiContext): ResourceSource {
  const meshes = (): Resource[] =>
    ctx.replica.list(SubjectKinds.Mesh).flatMap((entry) => (entry.resource?.type === ResourceTypes.Mesh ? [entry.resource] : []));
  const find = (type: ResourceType, key: ResourceKey): Resource | undefined => {
    if (type !== ResourceTypes.Mesh) return ctx.store.get({ kind: kindOf(type), mesh: key.mesh, name: key.name });
    const mesh = ctx.replica.get(SubjectKinds.Mesh, key.name);
    return mesh?.type === ResourceTypes.Mesh ? mesh : undefined;
  };
  const insightOf = (resource: Resource, wanted: boolean): Resource | undefined =>
    wanted && resource.type === ResourceTypes.Dataplane
      ? ctx.store.get({ kind: SubjectKinds.DataplaneInsight, mesh: resource.mesh, name: resource.name })
      : undefined;
  return {
    readable: [ResourceTypes.Mesh, ResourceTypes.Dataplane, ResourceTypes.ZoneIngress, ResourceTypes.ZoneEgress],
    list: (type, query) => {
      const all: readonly Resource[] = type === ResourceTypes.Mesh ? meshes() : ctx.store.list(kindOf(type), query.mesh);
      const page = inMemoryPage(
        all.filter((resource) => passesDataplaneFilters(resource, query)),
        query,
      );
      return { total: page.total, items: page.items.map((resource) => recordOf(resource, insightOf(resource, query.withInsight))) };
    },
    get: (type, key, { withInsight }) => {
      const resource = find(type, key);
      return resource === undefined ? undefined : recordOf(resource, insightOf(resource, withInsight));
    },
    writers: {
      Dataplane: zoneOwnedWriter(ctx, ResourceTypes.Dataplane),
      ZoneIngress: zoneOwnedWriter(ctx, ResourceTypes.ZoneIngress),
      ZoneEgress: zoneOwnedWriter(ctx, ResourceTypes.ZoneEgress),
    },
  };
}

/**
 * Writes of a zone-owned type: PUT is validated as Kuma's zone CP does (federated zone label rules), needs
 * the mesh in the GLOBAL replica for mesh-scoped types, keeps the creation time, and answers only once
 * JetStream acknowledged the event; a concurrent writer makes it (and DELETE) answer 409.
 */
function zoneOwnedWriter(ctx: ZoneApiContext, type: WritableType): ResourceWriter {
  const descriptor = descriptorOf(type);
  const kind = kindOf(type);
  const meshScoped = descriptor.scope === Scopes.mesh;
  const failure = (error: unknown, title: string, fields: object): KumaErrorBody => {
    if (error instanceof ConcurrencyConflictError) return conflictErrorBody();
    ctx.logger.error(
      { err: error, type, ...fields },
      title === ErrorTitles.deleteResource ? 'resource not deleted' : 'resource not written',
    );
    return internalErrorBody(title);
  };
  return {
    async put(key, body) {
      const urlMesh = key.mesh ?? '';
      const read = readResourceBody(
        body,
        { type, urlName: key.name, urlMesh, decode: descriptor.decode },
        { mode: 'zone', federatedZone: true, zoneName: ctx.zoneName },
      );
      if (!read.ok) return read;
      const existing = ctx.store.get({ kind, mesh: key.mesh, name: key.name });
      const title = existing === undefined ? ErrorTitles.createResource : ErrorTitles.updateResource;
      if (meshScoped && ctx.replica.get(SubjectKinds.Mesh, urlMesh) === undefined)
        return { ok: false, error: meshNotFoundErrorBody(urlMesh, title) };
      const now = new Date().toISOString();
      const stamped = { ...read.value, creationTime: existing?.creationTime ?? now, modificationTime: now } as ZoneResource;
      try {
        return { ok: true, value: await ctx.store.upsert(stamped) };
      } catch (error) {
        return { ok: false, error: failure(error, title, { mesh: urlMesh, name: key.name }) };
      }
    },
    async delete(key) {
      try {
        return (await ctx.store.delete(kind, key.mesh, key.name)) ? { status: 'deleted' } : { status: 'not-found' };
      } catch (error) {
        return { status: 'refused', error: failure(error, ErrorTitles.deleteResource, {}) };
      }
    },
  };
}
