import { appendKumaJson, kriOf, type OverviewKind } from '@kumiko/api';
import type { ResourceRecord } from './resource-record.js';

/** Meta fields of the flat envelope; everything else in a resource is its spec. */
const META_FIELDS = new Set(['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'labels']);

/** The envelope's meta fields in Kuma's order; `labels` only when there are some. */
function metaOf(type: string, record: ResourceRecord): Record<string, unknown> {
  const meta: Record<string, unknown> = { type };
  if (record.mesh !== undefined) meta['mesh'] = record.mesh;
  meta['name'] = record.name;
  if (record.creationTime !== undefined) meta['creationTime'] = record.creationTime;
  if (record.modificationTime !== undefined) meta['modificationTime'] = record.modificationTime;
  for (const _ in record.labels) {
    meta['labels'] = record.labels;
    break;
  }
  return meta;
}

/**
 * Kuma's flat envelope: `{type, mesh?, name, creationTime, modificationTime, labels?, kri?, …spec}`, the spec in
 * proto3 JSON (unpopulated fields left out) and the KRI for types that have one. New object.
 */
export function resourceItem(record: ResourceRecord): Record<string, unknown> {
  const item = metaOf(record.type, record);
  const kri = kriOf(record.type, record);
  if (kri !== undefined) item['kri'] = kri;
  return appendKumaJson(item, record.type, record.spec, META_FIELDS);
}

/**
 * An overview (`DataplaneOverview`, `ZoneOverview` …): the envelope's meta under the overview's type, the spec
 * nested under its field and the insight, when there is one, under its own. New object.
 */
export function overviewItem(kind: OverviewKind, record: ResourceRecord): Record<string, unknown> {
  return {
    ...metaOf(kind.type, record),
    [kind.specField]: appendKumaJson({}, record.type, record.spec, META_FIELDS),
    ...(record.insight === undefined
      ? {}
      : { [kind.insightField]: appendKumaJson({}, kind.insightType ?? '', record.insight, META_FIELDS) }),
  };
}
