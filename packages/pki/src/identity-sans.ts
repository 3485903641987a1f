import { Tags, compareGoStrings } from '@kumiko/api';

/** One tag map of a proxy: an inbound's tags, or its gateway's. */
export type TagSet = Readonly<Record<string, string>>;

/**
 * The URI SANs of a proxy's identity certificate, in Kuma's order: `spiffe://<mesh>/<service>` for each
 * distinct `kuma.io/service` value (sorted), then `kuma://<key>/<value>` for every tag key (sorted) and
 * each of its distinct values (sorted), `kuma.io/service` included. `tagSets` are the proxy's inbound tag
 * maps plus its gateway's (a ZoneEgress has `{kuma.io/service: zone-egress}`). Pure; a new array; no
 * validation (see `issueIdentityCertificate`).
 */
export function identitySans(mesh: string, tagSets: readonly TagSet[]): string[] {
  const valuesByKey = new Map<string, Set<string>>();
  for (const tags of tagSets) {
    for (const [key, value] of Object.entries(tags)) {
      const values = valuesByKey.get(key) ?? new Set<string>();
      values.add(value);
      valuesByKey.set(key, values);
    }
  }
  const sorted = (values: Iterable<string>): string[] => [...values].sort(compareGoStrings);
  const sans = identityServices(tagSets).map((service) => `spiffe://${mesh}/${service}`);
  for (const key of sorted(valuesByKey.keys())) {
    for (const value of sorted(valuesByKey.get(key) ?? [])) sans.push(`kuma://${key}/${value}`);
  }
  return sans;
}

/** The distinct `kuma.io/service` values of the tag sets, sorted. A new array. */
export function identityServices(tagSets: readonly TagSet[]): string[] {
  const services = new Set<string>();
  for (const tags of tagSets) {
    const service = tags[Tags.service];
    if (service !== undefined) services.add(service);
  }
  return [...services].sort(compareGoStrings);
}
