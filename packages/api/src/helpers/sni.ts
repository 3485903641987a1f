import type { StringMap } from '../resources/resource-envelope.js';
import { Tags } from '../tags.js';
import { tagsToString } from './tags-string.js';

/** An SNI that `tagsFromSni` cannot read back (more than one `{`, or a pair without `=`). */
export class SniParseError extends Error {
  override readonly name = 'SniParseError';
  readonly code = 'INVALID_SNI';
  readonly sni: string;

  constructor(sni: string, reason: string) {
    super(`cannot parse tags from SNI ${JSON.stringify(sni)}: ${reason}`);
    this.sni = sni;
  }
}

/**
 * Kuma's legacy SNI (`tls.SNIFromTags`, `pkg/xds/envoy/tls/sni.go`): `service{k1=v1,k2=v2}` with the
 * other tags sorted by key, or just `service` when there are none. Callers add `mesh: <mesh>` to the
 * tags first, so mesh-service SNIs look like `backend{mesh=default}`.
 */
export function sniFromTags(tags: StringMap): string {
  const service = tags[Tags.service] ?? '';
  const extra = tagsToString(tags, Tags.service);
  return extra === '' ? service : `${service}{${extra}}`;
}

/** The SNI of mesh service `service` in `mesh`, narrowed by `tags` (a `kuma.io/service` in them is ignored). */
export function sniForService(service: string, mesh: string, tags: StringMap = {}): string {
  return sniFromTags({ ...tags, mesh, [Tags.service]: service });
}

/**
 * Kuma's `TagsFromSNI`: reads `service{k=v,…}` back into tags, the service under `kuma.io/service`
 * (the `mesh` pair comes back as a `mesh` tag). Throws {@link SniParseError} for malformed input.
 */
export function tagsFromSni(sni: string): StringMap {
  const parts = sni.split('{');
  if (parts.length > 2) throw new SniParseError(sni, "more than one '{'");
  const service = parts[0] ?? '';
  const inner = parts[1];
  if (inner === undefined) return { [Tags.service]: service };
  const tags: Record<string, string> = {};
  const cleaned = inner.replaceAll('}', '');
  if (cleaned !== '') {
    for (const pair of cleaned.split(',')) {
      const kv = pair.split('=');
      if (kv.length !== 2) {
        throw new SniParseError(sni, "pairs must be separated by ',' and each key separated from its value by '='");
      }
      tags[kv[0] ?? ''] = kv[1] ?? '';
    }
  }
  tags[Tags.service] = service;
  return tags;
}
