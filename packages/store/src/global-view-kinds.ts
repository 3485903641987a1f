import { Owners, resourceTypeDescriptors, Scopes } from '@kumiko/api';

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

/**
 * Mesh-scoped types the global owns and sends to every zone (Secrets, later policies): deleting their mesh deletes
 * them, and zones must hear of it. Keyed by type name; the value is the subject kind.
 */
export const MESH_SCOPED_GLOBAL_VIEW: ReadonlyMap<string, string> = new Map(
  resourceTypeDescriptors()
    .filter((descriptor) => descriptor.owner === Owners.global && descriptor.scope === Scopes.mesh && descriptor.sync.globalToZone)
    .map((descriptor) => [descriptor.name, descriptor.subjectKind]),
);
