import { encodeFieldsInto, encodeProto3, planOf, type FieldPlan } from '../decoding/field-plan.js';
import { setOwn } from '../decoding/own-property.js';
import { resourceTypeDescriptors } from './resource-type-registry.js';

const plans = new Map<string, FieldPlan>(resourceTypeDescriptors().map((descriptor) => [descriptor.name, planOf(descriptor.schema)]));

/**
 * A resource (or its spec or insight part) of `type` in Kuma JSON form, written as Kuma's API writes it:
 * proto3 JSON, so plain fields at their zero value, empty lists and empty maps are left out while set
 * messages and wrappers stay (`health: {}`, `enabled: false`). What REST answers and `kumikoctl -o json|yaml`
 * print. Unknown types pass through unchanged. New objects; the input is not mutated.
 */
export function toKumaJson(type: string, json: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const plan = plans.get(type);
  return plan === undefined ? { ...json } : (encodeProto3(json, plan) as Record<string, unknown>);
}

/**
 * Appends the fields of `json` (a resource of `type` in Kuma JSON form) other than `skip` to `out`, written as
 * {@link toKumaJson} writes them; returns `out`. Builds an envelope without intermediate copies.
 */
export function appendKumaJson(
  out: Record<string, unknown>,
  type: string,
  json: Readonly<Record<string, unknown>>,
  skip: ReadonlySet<string>,
): Record<string, unknown> {
  const plan = plans.get(type);
  if (plan !== undefined) return encodeFieldsInto(out, json, plan, skip);
  for (const key in json) if (Object.hasOwn(json, key) && !skip.has(key)) setOwn(out, key, json[key]);
  return out;
}
