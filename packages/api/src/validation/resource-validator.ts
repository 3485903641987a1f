import { type Resource, descriptorOf } from '../registry/resource-type-registry.js';
import { validateResourceMeta } from './meta-validator.js';
import type { Violation } from './violation.js';

/**
 * Kuma's spec validation (`Validate()`) of one resource, by its type's registry entry: Dataplane,
 * ZoneIngress, ZoneEgress and Mesh have rules; DataplaneInsight, Zone and ZoneInsight have none. The caller
 * owns the returned array.
 */
export function validateResourceSpec(resource: Resource): Violation[] {
  return descriptorOf(resource.type).validate(resource);
}

/**
 * What Kuma reports for a resource written through REST or kumactl, without the request checks: the spec
 * violations alone when there are any (Kuma validates the spec while decoding the body and stops there);
 * otherwise the meta violations (`name`, then `mesh`). Empty means valid. The request checks that run beside
 * the meta checks (name/type/mesh against the URL, labels) are {@link validateResourceRequest}.
 */
export function validateResource(resource: Resource): Violation[] {
  const spec = validateResourceSpec(resource);
  if (spec.length > 0) return spec;
  validateResourceMeta(spec, resource);
  return spec;
}
