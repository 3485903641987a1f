import { resourceToJson, type DataplaneInsight, type Resource } from '@kumiko/api';

/** Meta fields of the flat envelope; everything else in a resource is its spec. */
const META_FIELDS = new Set(['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'labels']);

/** The spec part of a resource in Kuma JSON form (what overviews nest). New object; the input is not mutated. */
export function specOf(resource: Resource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resourceToJson(resource))) if (!META_FIELDS.has(key)) out[key] = value;
  return out;
}

function metaOf(type: string, resource: Resource): Record<string, unknown> {
  return {
    type,
    ...('mesh' in resource ? { mesh: resource.mesh } : {}),
    name: resource.name,
    ...(resource.creationTime === undefined ? {} : { creationTime: resource.creationTime }),
    ...(resource.modificationTime === undefined ? {} : { modificationTime: resource.modificationTime }),
    ...(Object.keys(resource.labels).length > 0 ? { labels: resource.labels } : {}),
  };
}

/** Kuma's flat envelope: `{type, mesh?, name, creationTime, modificationTime, labels?, …spec}`. */
export function resourceItem(resource: Resource): Record<string, unknown> {
  return { ...metaOf(resource.type, resource), ...specOf(resource) };
}

/** `DataplaneOverview`: the Dataplane's spec under `dataplane`, its insight (when there is one) under `dataplaneInsight`. */
export function dataplaneOverviewItem(dataplane: Resource, insight: DataplaneInsight | undefined): Record<string, unknown> {
  return {
    ...metaOf('DataplaneOverview', dataplane),
    dataplane: specOf(dataplane),
    ...(insight === undefined ? {} : { dataplaneInsight: specOf(insight) }),
  };
}
