import { Labels, Tags, type StringMap } from '@kumiko/api';

/**
 * The zone a payload claims anywhere it can say one, compared with the zone the (authenticated)
 * subject names. Returns a reason when any claim differs, `undefined` when the payload is consistent.
 * A differing claim is rejected, never rewritten. Absent claims are fine: the caller then pins the
 * `kuma.io/zone` label and the type's own zone field (a ZoneIngress's or ZoneEgress's `zone`) to the subject's zone; an absent
 * `kuma.io/zone` tag stays absent.
 */
export function foreignZoneClaim(
  zone: string,
  claims: {
    readonly metadataZone: string;
    readonly labels?: StringMap;
    readonly tagSets?: readonly StringMap[];
    readonly specZone?: string;
  },
): string | undefined {
  const found: string[] = [];
  if (claims.metadataZone !== zone) found.push(`metadata.zone "${claims.metadataZone}"`);
  const label = claims.labels?.[Labels.zone];
  if (label !== undefined && label !== zone) found.push(`label ${Labels.zone} "${label}"`);
  if (claims.specZone !== undefined && claims.specZone !== '' && claims.specZone !== zone) found.push(`zone "${claims.specZone}"`);
  for (const tags of claims.tagSets ?? []) {
    const tag = tags[Tags.zone];
    if (tag !== undefined && tag !== zone) {
      found.push(`tag ${Tags.zone} "${tag}"`);
      break;
    }
  }
  return found.length === 0 ? undefined : `payload claims ${found.join(', ')} but was published by zone "${zone}"`;
}
