import { GlobalScopedResourceTypes, resourceTypeDescriptors, ResourceTypes, type ResourceType } from '@kumiko/api';
import type { ResourceRecord, ResourceSource, SourceListQuery, RecordPage } from '@kumiko/rest';
import {
  getResource,
  getZone,
  listMatchedDataplanes,
  listResources,
  listZones,
  type ListedResourceType,
  type StoredResource,
  type StoredZone,
} from '@kumiko/store';
import type { ApiContext } from './api-context.js';

/** What the global serves: every type users see (not insights on their own); they nest in overviews. */
const SERVED: readonly ResourceType[] = resourceTypeDescriptors()
  .filter((descriptor) => !descriptor.computed)
  .map((descriptor) => descriptor.name);

/** Zones live in their own table (with their insights); every other served type in `resources`. */
function storedType(type: ResourceType): ListedResourceType {
  if (type === ResourceTypes.Zone || type === ResourceTypes.ZoneInsight)
    throw new TypeError(`${type} resources are not served from the resources table`);
  return type;
}

function storedRecord(stored: StoredResource): ResourceRecord {
  return {
    type: stored.type,
    ...(GlobalScopedResourceTypes.has(stored.type as ResourceType) ? {} : { mesh: stored.mesh }),
    name: stored.name,
    labels: stored.labels,
    creationTime: stored.creationTime.toISOString(),
    modificationTime: stored.modificationTime.toISOString(),
    spec: stored.spec,
    ...(stored.insight ? { insight: stored.insight } : {}),
  };
}

/** A Zone; an unset `enabled` is shown as `true`, as the global CP creates zones. Its insight: the subscriptions, once heard from. */
function zoneRecord(zone: StoredZone): ResourceRecord {
  return {
    type: ResourceTypes.Zone,
    name: zone.name,
    labels: zone.labels,
    creationTime: zone.creationTime.toISOString(),
    modificationTime: zone.modificationTime.toISOString(),
    spec: { enabled: zone.enabled ?? true },
    ...(zone.subscriptions ? { insight: { subscriptions: zone.subscriptions } } : {}),
  };
}

/**
 * Dataplanes as projected from every zone (global names, pinned labels). Tag and gateway filters are answered
 * from the in-memory dataplane facts, reconciled in SQL with what changed since; label filters, and
 * everything before the facts are loaded, go to SQL alone.
 */
async function listDataplanes(ctx: ApiContext, query: SourceListQuery) {
  const filtered = query.tags.length > 0 || query.gateway !== 'any';
  const facts = filtered && Object.keys(query.labels).length === 0 ? ctx.facts.matchDataplanes(query.mesh, query) : undefined;
  if (facts !== undefined) {
    return listMatchedDataplanes(ctx.db, {
      mesh: query.mesh,
      ...facts,
      filter: { nameContains: query.nameContains, tags: query.tags, gateway: query.gateway },
      withInsight: query.withInsight,
      offset: query.offset,
      size: query.size,
    });
  }
  return listResources(ctx.db, {
    type: 'Dataplane',
    mesh: query.mesh,
    nameContains: query.nameContains,
    labels: query.labels,
    tags: query.tags,
    tagPrefilter: query.tags.length > 0 ? ctx.facts.tagPrefilter(query.tags) : undefined,
    gateway: query.gateway,
    withInsight: query.withInsight,
    offset: query.offset,
    size: query.size,
  });
}

async function listRecords(ctx: ApiContext, type: ResourceType, query: SourceListQuery): Promise<RecordPage> {
  const paging = { nameContains: query.nameContains, labels: query.labels, offset: query.offset, size: query.size };
  if (type === ResourceTypes.Zone) {
    const zones = await listZones(ctx.db, { ...paging, withInsight: query.withInsight });
    return { total: zones.total, items: zones.items.map(zoneRecord) };
  }
  const page =
    type === ResourceTypes.Dataplane
      ? await listDataplanes(ctx, query)
      : await listResources(ctx.db, { type: storedType(type), mesh: query.mesh, ...paging });
  return { total: page.total, items: page.items.map(storedRecord) };
}

/**
 * The global CP's data source: the Postgres projection (meshes, every zone's Dataplanes and zone proxies,
 * zones with their insights). Meshes are written through MeshService and zones through ZoneService; what
 * zones own is read-only here. Only Dataplanes carry insights.
 */
export function globalResourceSource(ctx: ApiContext): ResourceSource {
  return {
    readable: SERVED,
    list: (type, query) => listRecords(ctx, type, query),
    get: async (type, key, { withInsight }) => {
      if (type === ResourceTypes.Zone) {
        const zone = await getZone(ctx.db, key.name, { withInsight });
        return zone === undefined ? undefined : zoneRecord(zone);
      }
      const stored = await getResource(ctx.db, {
        type: storedType(type),
        mesh: key.mesh ?? '',
        name: key.name,
        withInsight: withInsight && type === ResourceTypes.Dataplane,
      });
      return stored === undefined ? undefined : storedRecord(stored);
    },
    writers: {
      Mesh: { put: (key, body) => ctx.meshes.put(key.name, body), delete: (key) => ctx.meshes.delete(key.name) },
      Zone: { put: (key, body) => ctx.zones.put(key.name, body), delete: (key) => ctx.zones.delete(key.name) },
      Secret: ctx.secrets,
      GlobalSecret: ctx.globalSecrets,
    },
  };
}
