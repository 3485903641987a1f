/**
 * What each proto-json building block is in proto3 terms, so a decoded value can be written back out the
 * way Kuma's `protojson` marshaller writes it (`EmitUnpopulated: false`):
 *
 * - a plain scalar (`string`, `bool`, integers, `uint64` counters) is left out at its zero value;
 * - an enum is left out at its first (zero) value;
 * - a `repeated` field or a map is left out when empty; a map's entries are all kept;
 * - a message, wrapper (`UInt32Value`, `BoolValue`), `Duration`, `Timestamp` or `Struct` is left out only
 *   when unset — a set `{}` or wrapped `0`/`false` is written (`health: {}`, `passthrough: false`).
 *
 * The plan is recorded beside each zod schema by the proto-json builders, so the model's one description
 * of a type drives both decoding and encoding. A schema built some other way counts as "set or unset".
 */
import type { z } from 'zod';
import { setOwn } from './own-property.js';

export type FieldPlan =
  | { readonly kind: 'scalar'; readonly zero: string | number | boolean }
  | { readonly kind: 'enum'; readonly zero: string }
  | { readonly kind: 'presence' }
  | { readonly kind: 'message'; readonly fields: ReadonlyMap<string, FieldPlan> }
  | { readonly kind: 'list'; readonly item: FieldPlan }
  | { readonly kind: 'map'; readonly value: FieldPlan };

const PRESENCE: FieldPlan = { kind: 'presence' };
const plans = new WeakMap<z.ZodType, FieldPlan>();

/** Records `plan` as the proto3 meaning of `schema`; returns the schema. */
export function planned<T extends z.ZodType>(schema: T, plan: FieldPlan): T {
  plans.set(schema, plan);
  return schema;
}

/** The proto3 meaning recorded for `schema` ("set or unset" when none was). */
export function planOf(schema: z.ZodType): FieldPlan {
  return plans.get(schema) ?? PRESENCE;
}

/** The plan of a message whose fields are `shape`. */
export function messagePlan(shape: Readonly<Record<string, z.ZodType>>): FieldPlan {
  const fields = new Map<string, FieldPlan>();
  for (const [key, schema] of Object.entries(shape)) fields.set(key, planOf(schema));
  return { kind: 'message', fields };
}

function isLeftOut(value: unknown, plan: FieldPlan): boolean {
  if (value === undefined || value === null) return true;
  switch (plan.kind) {
    case 'scalar':
      // a uint64 counter is a decimal string whose zero is "0"; JSON input may also carry it as a number
      return value === plan.zero || (plan.zero === '0' && value === 0);
    case 'enum':
      return value === plan.zero;
    case 'list':
      return Array.isArray(value) && value.length === 0;
    case 'map':
      return typeof value === 'object' && Object.keys(value).length === 0;
    default:
      return false;
  }
}

/**
 * Writes the fields of message `value` into `out` as proto3 JSON under the message plan `plan`, except the
 * keys in `skip`; returns `out`. (What {@link encodeProto3} does for a message, without a new object.)
 */
export function encodeFieldsInto(
  out: Record<string, unknown>,
  value: Readonly<Record<string, unknown>>,
  plan: FieldPlan,
  skip?: ReadonlySet<string>,
): Record<string, unknown> {
  const fields = plan.kind === 'message' ? plan.fields : undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || skip?.has(key) === true) continue;
    const field = value[key];
    const fieldPlan = fields?.get(key) ?? PRESENCE;
    if (!isLeftOut(field, fieldPlan)) setOwn(out, key, encodeProto3(field, fieldPlan));
  }
  return out;
}

/**
 * `value` as proto3 JSON under `plan`: unpopulated fields left out at every depth. Keys the plan does not
 * know are kept unless unset. A new object wherever something changes; the input is not mutated.
 */
export function encodeProto3(value: unknown, plan: FieldPlan): unknown {
  switch (plan.kind) {
    case 'message':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      return encodeFieldsInto({}, value as Readonly<Record<string, unknown>>, plan);
    case 'list':
      return Array.isArray(value) && plan.item.kind === 'message' ? value.map((item) => encodeProto3(item, plan.item)) : value;
    case 'map': {
      if (plan.value.kind !== 'message' || typeof value !== 'object' || value === null) return value;
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value)) setOwn(out, key, encodeProto3(entry, plan.value));
      return out;
    }
    default:
      return value;
  }
}
