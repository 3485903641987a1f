import { Owners, resourceTypeDescriptors } from '@kumiko/api';

/**
 * Zone-originated types that flow back to every zone in the GLOBAL view (ZoneIngress, ZoneEgress): the
 * registry's zone-owned types synced global → zone. Keyed by type name; the value is the subject kind the
 * outbox row and the GLOBAL subject use.
 */
export const ZONE_ORIGINATED_GLOBAL_VIEW: ReadonlyMap<string, string> = new Map(
  resourceTypeDescriptors()
    .filter((descriptor) => descriptor.owner === Owners.zone && descriptor.sync.globalToZone)
    .map((descriptor) => [descriptor.name, descriptor.subjectKind]),
);

/** The type names of {@link ZONE_ORIGINATED_GLOBAL_VIEW}, for SQL `= ANY(…)`. */
export const ZONE_ORIGINATED_GLOBAL_VIEW_TYPES: readonly string[] = [...ZONE_ORIGINATED_GLOBAL_VIEW.keys()];
