import type { Dataplane } from '../resources/dataplane.js';
import { type Mesh, MeshServicesModes } from '../resources/mesh.js';
import type { StringMap } from '../resources/resource-envelope.js';
import type { AvailableService } from '../resources/zone-ingress.js';
import { getHealthyInbounds } from './healthy-inbounds.js';
import { tagsToString } from './tags-string.js';

/** Inputs of {@link computeAvailableServices}. */
export interface AvailableServicesInput {
  /** The zone's own Dataplanes, all meshes. */
  readonly dataplanes: Iterable<Dataplane>;
  /** Known meshes; a mesh with `meshServices.mode: Exclusive` contributes nothing. */
  readonly meshes: Iterable<Mesh>;
  /**
   * `KUMA_EXPERIMENTAL_INGRESS_TAG_FILTERS`: when non-empty, only tag keys starting with one of
   * these prefixes are kept before grouping. Default: keep every tag.
   */
  readonly tagFilters?: readonly string[];
}

/**
 * A ZoneIngress's `availableServices` as Kuma's zone CP computes them (`GetIngressAvailableServices`):
 * every healthy inbound of the zone's Dataplanes, grouped by (mesh, full tag set) with an instance
 * count, sorted by mesh then by the `k=v,k=v` tag string (byte order, as Go sorts).
 *
 * ExternalService and cross-mesh MeshGateway entries, which Kuma appends after these, are not
 * produced here. The result is new; callers may keep it.
 */
export function computeAvailableServices(input: AvailableServicesInput): AvailableService[] {
  const exclusive = new Set<string>();
  for (const mesh of input.meshes) {
    if (mesh.meshServices?.mode === MeshServicesModes.Exclusive) exclusive.add(mesh.name);
  }
  const filters = input.tagFilters ?? [];
  const groups = new Map<string, { mesh: string; key: string; tags: StringMap; instances: number }>();
  for (const dataplane of input.dataplanes) {
    if (exclusive.has(dataplane.mesh)) continue;
    for (const inbound of getHealthyInbounds(dataplane)) {
      const tags = filters.length === 0 ? inbound.tags : filterTags(inbound.tags, filters);
      const key = tagsToString(tags);
      const groupKey = `${dataplane.mesh}\u0000${key}`;
      const group = groups.get(groupKey);
      if (group) group.instances++;
      else groups.set(groupKey, { mesh: dataplane.mesh, key, tags: { ...tags }, instances: 1 });
    }
  }
  return [...groups.values()]
    .sort((a, b) => compareBytes(a.mesh, b.mesh) || compareBytes(a.key, b.key))
    .map((g) => ({ tags: g.tags, instances: g.instances, mesh: g.mesh, externalService: false }));
}

/** Element-by-element equality, as Kuma's `availableServicesEqual` (skip the update when equal). */
export function availableServicesEqual(a: readonly AvailableService[], b: readonly AvailableService[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((service, i) => {
    const other = b[i];
    return (
      other !== undefined &&
      service.mesh === other.mesh &&
      service.instances === other.instances &&
      service.externalService === other.externalService &&
      tagsToString(service.tags) === tagsToString(other.tags)
    );
  });
}

function filterTags(tags: StringMap, prefixes: readonly string[]): StringMap {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (prefixes.some((prefix) => key.startsWith(prefix))) kept[key] = value;
  }
  return kept;
}

/** Go's string order (UTF-8 bytes); equal to UTF-16 order for the ASCII that tags allow. */
function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
