import {
  badRequestErrorBody,
  buildErrorBody,
  conflictErrorBody,
  dataplaneTagSets,
  descriptorOf,
  ErrorTitles,
  gatewayFilterMatches,
  internalErrorBody,
  Labels,
  Origins,
  meshNotFoundErrorBody,
  readResourceBody,
  Owners,
  resourceDeprecations,
  resourceToJson,
  ResourceTooLargeError,
  resourceTypeDescriptors,
  ResourceTypes,
  Scopes,
  tagSetMatches,
  workloadLabelViolation,
  type KumaErrorBody,
  type Resource,
  type ResourceType,
} from '@kumiko/api';
import { ConcurrencyConflictError, EventBusUnavailableError } from '@kumiko/bus';
import { SubjectKinds, type GlobalViewEntry, type ZoneOwnedKind } from '@kumiko/events';
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
 * What this zone serves of a replicated resource of `type`, as Kuma's zone holds what the global sent it: marked
 * `kuma.io/origin: global` (the global's KDS mapper), and nothing of the zone's own, which the global never sends
 * back (this zone serves those from its store). `undefined` for anything else.
 */
function sentByGlobal(resource: Resource | undefined, type: ResourceType, zoneName: string): Resource | undefined {
  if (resource?.type !== type || resource.labels[Labels.zone] === zoneName) return undefined;
  return resource.labels[Labels.origin] === Origins.global
    ? resource
    : { ...resource, labels: { ...resource.labels, [Labels.origin]: Origins.global } };
}

/** What a zone serves: what it owns (its store) and what the global sends it (the replica); never insights. */
const SERVED = resourceTypeDescriptors().filter(
  (descriptor) => !descriptor.computed && (descriptor.owner === Owners.zone || descriptor.sync.globalToZone),
);

/** What a zone accepts writes of: the types it owns that users write (its proxies). */
const WRITABLE = SERVED.filter((descriptor) => descriptor.owner === Owners.zone);

/**
 * The zone CP's data source, driven by the resource-type registry: what the zone owns — Dataplanes with their
 * insights, ZoneIngresses, ZoneEgresses — from the zone's own store under their zone-local names, and what the
 * global sends (meshes, zones, other zones' ZoneIngresses and ZoneEgresses under their global names) from the GLOBAL
 * replica, labelled `kuma.io/origin: global` and read-only here. Everything is in memory;
 * lists filter (names, labels, and tags and gateway mode of Dataplanes) and page as Kuma's store does.
 */
export function zoneResourceSource(ctx: ZoneApiContext): ResourceSource {
  const fromGlobal = (type: ResourceType, mesh: string | undefined): Resource[] =>
    ctx.replica
      .list(descriptorOf(type).subjectKind as GlobalViewEntry['kind'], mesh)
      .flatMap((entry) => sentByGlobal(entry.resource, type, ctx.zoneName) ?? []);
  const all = (type: ResourceType, mesh: string | undefined): readonly Resource[] => {
    const descriptor = descriptorOf(type);
    if (descriptor.owner !== Owners.zone) return fromGlobal(type, mesh);
    const own: readonly Resource[] = ctx.store.list(kindOf(type), mesh);
    return descriptor.sync.globalToZone ? [...own, ...fromGlobal(type, mesh)] : own;
  };
  const find = (type: ResourceType, key: ResourceKey): Resource | undefined => {
    const descriptor = descriptorOf(type);
    const own = descriptor.owner === Owners.zone ? ctx.store.get({ kind: kindOf(type), mesh: key.mesh, name: key.name }) : undefined;
    if (own !== undefined || (descriptor.owner === Owners.zone && !descriptor.sync.globalToZone)) return own;
    return sentByGlobal(ctx.replica.get(descriptor.subjectKind as GlobalViewEntry['kind'], key.name, key.mesh), type, ctx.zoneName);
  };
  const insightOf = (resource: Resource, wanted: boolean): Resource | undefined =>
    wanted && resource.type === ResourceTypes.Dataplane
      ? ctx.store.get({ kind: SubjectKinds.DataplaneInsight, mesh: resource.mesh, name: resource.name })
      : undefined;
  return {
    readable: SERVED.map((descriptor) => descriptor.name),
    list: (type, query) => {
      const page = inMemoryPage(
        all(type, query.mesh).filter((resource) => passesDataplaneFilters(resource, query)),
        query,
      );
      return { total: page.total, items: page.items.map((resource) => recordOf(resource, insightOf(resource, query.withInsight))) };
    },
    get: (type, key, { withInsight }) => {
      const resource = find(type, key);
      return resource === undefined ? undefined : recordOf(resource, insightOf(resource, withInsight));
    },
    writers: Object.fromEntries(WRITABLE.map((descriptor) => [descriptor.name, zoneOwnedWriter(ctx, descriptor.name)])),
  };
}

/**
 * 503 in Kuma's error shape: the write was not committed because NATS JetStream (where a zone's
 * writes are committed) is unreachable or did not acknowledge in time; the client may retry.
 */
function eventBusUnavailableErrorBody(title: string): KumaErrorBody {
  return buildErrorBody({
    status: 503,
    title,
    detail: 'the event bus (NATS JetStream) is unavailable; the change was not saved, retry later',
  });
}

/**
 * Writes of a zone-owned type: PUT is validated as Kuma's zone CP does (federated zone label rules), needs
 * the mesh in the GLOBAL replica for mesh-scoped types, keeps the creation time, and answers only once
 * JetStream acknowledged the event; a concurrent writer makes it (and DELETE) answer 409.
 */
function zoneOwnedWriter(ctx: ZoneApiContext, type: ResourceType): ResourceWriter {
  const descriptor = descriptorOf(type);
  const kind = kindOf(type);
  const meshScoped = descriptor.scope === Scopes.mesh;
  const failure = (error: unknown, title: string, fields: object): KumaErrorBody => {
    if (error instanceof ConcurrencyConflictError) return conflictErrorBody();
    if (error instanceof ResourceTooLargeError) return badRequestErrorBody(error.message);
    if (error instanceof EventBusUnavailableError) {
      ctx.logger.warn({ type, ...fields, reason: error.message }, 'write refused: the event bus is unavailable');
      return eventBusUnavailableErrorBody(title);
    }
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
      // Kuma checks the workload label only when the resource is created, not when it is replaced.
      const workload = existing === undefined ? workloadLabelViolation(type, read.value.labels, 'zone') : undefined;
      if (workload !== undefined) return { ok: false, error: badRequestErrorBody(workload) };
      const title = existing === undefined ? ErrorTitles.createResource : ErrorTitles.updateResource;
      if (meshScoped && ctx.replica.get(SubjectKinds.Mesh, urlMesh) === undefined)
        return { ok: false, error: meshNotFoundErrorBody(urlMesh, title) };
      const now = new Date().toISOString();
      const stamped = { ...read.value, creationTime: existing?.creationTime ?? now, modificationTime: now } as ZoneResource;
      try {
        const { created } = await ctx.store.upsert(stamped);
        return { ok: true, value: { created, warnings: resourceDeprecations(read.value) } };
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
