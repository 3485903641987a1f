/**
 * zod building blocks that read JSON the way Kuma does.
 *
 * Kuma turns universal YAML into JSON and unmarshals it with the legacy `jsonpb`
 * (`AllowUnknownFields: true`). These leaves reproduce its rules, so a resource Kuma accepts decodes
 * here to the same values:
 *
 * - `null` counts as absent everywhere; a plain scalar that is absent decodes to its zero value,
 *   a message or wrapper field to `undefined`, a map to `{}`, a list to `[]`.
 * - Integers may be JSON numbers or decimal strings; 64-bit counters decode to decimal strings.
 * - Enums are read by name or by number and decode to their name.
 * - Unknown fields are ignored (dropped from the output), because Kuma ignores them.
 *
 * Every leaf reports its own failure message; the path is added by zod and formatted by
 * `toDecodeIssues`.
 *
 * Performance: schemas built from these are run through `z.compile` (see `createDecoder`). Leaves
 * are single transforms (one call per field, no union branches), and string maps are hand-rolled
 * instead of `z.record`, which halved the decode time of a Dataplane.
 */
import { z } from 'zod';
import { type Duration, parseGoDuration } from '../resources/go-duration.js';
import { messagePlan, planned, planOf } from './field-plan.js';
import { setOwn } from './own-property.js';

const MAX_UINT32 = 4_294_967_295;
const MAX_INT32 = 2_147_483_647;
/** A JSON integer literal: no leading zeros, no `+` (Go's `json.Unmarshal` rejects both). */
const DECIMAL = /^-?(0|[1-9]\d*)$/;
const UNSIGNED_DECIMAL = /^(0|[1-9]\d{0,19})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

type Ctx = z.core.$RefinementCtx<unknown>;

/**
 * A leaf reading one JSON value with `read`, which also sees `undefined` for an absent key (the
 * `.optional()` lets zod call it for absent keys instead of reporting them as missing).
 */
function leaf<T>(read: (value: unknown, ctx: Ctx) => T) {
  return z.unknown().optional().transform(read);
}

function fail(ctx: Ctx, input: unknown, message: string): never {
  ctx.issues.push({ code: 'custom', message, input });
  return z.NEVER;
}

/** What a JSON value looks like, for messages: "number", "list", "object", … */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}

/** Reads an integer the way `jsonpb` does: a JSON number, or a decimal string (quotes stripped). */
function readInteger(value: unknown, min: number, max: number): number | undefined {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) n = Number(value);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) return undefined;
  if (min >= 0 && Object.is(n, -0)) return undefined; // "-0" is no unsigned integer for Go either
  return n;
}

/** `string`: absent or null → `""`. */
export const protoString = planned(
  leaf((v, ctx): string => {
    if (typeof v === 'string') return v;
    if (v == null) return '';
    return fail(ctx, v, `expected a string, got ${describeJson(v)}`);
  }),
  { kind: 'scalar', zero: '' },
);

/** `bool`: absent or null → `false`. */
export const protoBool = planned(
  leaf((v, ctx): boolean => {
    if (typeof v === 'boolean') return v;
    if (v == null) return false;
    return fail(ctx, v, `expected a boolean, got ${describeJson(v)}`);
  }),
  { kind: 'scalar', zero: false },
);

/** `uint32`: absent or null → `0`. */
export const protoUint32 = planned(
  leaf((v, ctx): number => {
    if (v == null) return 0;
    return readInteger(v, 0, MAX_UINT32) ?? fail(ctx, v, `expected an unsigned 32-bit integer, got ${JSON.stringify(v)}`);
  }),
  { kind: 'scalar', zero: 0 },
);

/** `int32`: absent or null → `0`. */
export const protoInt32 = planned(
  leaf((v, ctx): number => {
    if (v == null) return 0;
    return readInteger(v, -MAX_INT32 - 1, MAX_INT32) ?? fail(ctx, v, `expected a 32-bit integer, got ${JSON.stringify(v)}`);
  }),
  { kind: 'scalar', zero: 0 },
);

/** `uint64` counter: a JSON number or decimal string; decodes to a decimal string (`"0"` when absent). */
export const protoUint64 = planned(
  leaf((v, ctx): string => {
    if (v == null) return '0';
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
    if (typeof v === 'string' && UNSIGNED_DECIMAL.test(v) && BigInt(v) <= 18_446_744_073_709_551_615n) return v;
    return fail(ctx, v, `expected an unsigned 64-bit integer (number or decimal string), got ${JSON.stringify(v)}`);
  }),
  { kind: 'scalar', zero: '0' },
);

/** `google.protobuf.UInt32Value`: unset → `undefined`, so an explicit `0` stays visible. */
export const uint32Value = leaf((v, ctx): number | undefined => {
  if (v == null) return undefined;
  return readInteger(v, 0, MAX_UINT32) ?? fail(ctx, v, `expected an unsigned 32-bit integer, got ${JSON.stringify(v)}`);
});

/** Standard or URL-safe base64, padded or not, as protojson reads `bytes`. */
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

/**
 * `google.protobuf.BytesValue` (a Secret's `data`): base64 text, kept as written; unset → `undefined`. Text that is
 * not base64 fails, as it does for Kuma's decoder.
 */
export const bytesValue = leaf((v, ctx): string | undefined => {
  if (v == null) return undefined;
  if (typeof v !== 'string') return fail(ctx, v, `expected base64 text, got ${describeJson(v)}`);
  return BASE64.test(v) ? v : fail(ctx, v, 'illegal base64 data');
});

/** `google.protobuf.BoolValue`: unset → `undefined`. */
export const boolValue = leaf((v, ctx): boolean | undefined => {
  if (typeof v === 'boolean') return v;
  if (v == null) return undefined;
  return fail(ctx, v, `expected a boolean, got ${describeJson(v)}`);
});

/** `google.protobuf.DoubleValue`: unset → `undefined`; numbers or numeric strings. */
export const doubleValue = leaf((v, ctx): number | undefined => {
  if (v == null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fail(ctx, v, `expected a number, got ${JSON.stringify(v)}`);
});

/** `google.protobuf.Duration`: a Go duration string (`"10s"`, `"1m30s"`, `"0"`); unset → `undefined`. */
export const protoDuration = leaf((v, ctx): Duration | undefined => {
  if (v == null) return undefined;
  if (typeof v !== 'string') return fail(ctx, v, `expected a duration string such as "10s", got ${describeJson(v)}`);
  return parseGoDuration(v) ?? fail(ctx, v, `invalid duration "${v}": expected a Go duration such as "10s", "1m30s" or "300ms"`);
});

/** `google.protobuf.Timestamp`: an RFC 3339 string, kept as written; unset → `undefined`. */
export const protoTimestamp = leaf((v, ctx): string | undefined => {
  if (v == null) return undefined;
  if (typeof v === 'string' && RFC3339.test(v) && !Number.isNaN(Date.parse(v))) return v;
  return fail(ctx, v, `expected an RFC 3339 timestamp such as "2024-01-02T15:04:05Z", got ${JSON.stringify(v)}`);
});

/** `google.protobuf.Struct`: any JSON object, kept as is; unset → `undefined`. */
export const protoStruct = leaf((v, ctx): Readonly<Record<string, unknown>> | undefined => {
  if (v == null) return undefined;
  if (typeof v === 'object' && !Array.isArray(v)) return v as Readonly<Record<string, unknown>>;
  return fail(ctx, v, `expected an object, got ${describeJson(v)}`);
});

/**
 * A proto enum: its value names, first one the proto default. Accepts a name or the number, decodes
 * to the name; absent or null → the default.
 */
export function protoEnum<const Names extends readonly [string, ...string[]]>(names: Names) {
  const allowed = names.join(', ');
  const schema = leaf((v, ctx): Names[number] => {
    if (typeof v === 'string') {
      if ((names as readonly string[]).includes(v)) return v;
      return fail(ctx, v, `unknown value "${v}"; allowed values: ${allowed}`);
    }
    if (v == null) return names[0];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < names.length) return names[v] as Names[number];
    return fail(ctx, v, `unknown value ${JSON.stringify(v)}; allowed values: ${allowed}`);
  });
  return planned(schema, { kind: 'enum', zero: names[0] });
}

/**
 * `map<string, string>` (tags, labels): absent or null → `{}`. A null value reads as `""`, like
 * `jsonpb`. Hand-rolled rather than `z.record` because maps sit on the hot path (every inbound).
 */
export const protoStringMap = planned(
  leaf((v, ctx): Readonly<Record<string, string>> => {
    if (v == null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) return fail(ctx, v, `expected a map of strings, got ${describeJson(v)}`);
    const out: Record<string, string> = {};
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const value = (v as Record<string, unknown>)[key];
      if (typeof value === 'string' || value === null) setOwn(out, key, value ?? '');
      else ctx.issues.push({ code: 'custom', message: `expected a string value, got ${describeJson(value)}`, input: value, path: [key] });
    }
    return out;
  }),
  { kind: 'map', value: { kind: 'scalar', zero: '' } },
);

/** `map<string, M>`: absent or null → `{}`. */
export function protoMap<T extends z.ZodType>(value: T) {
  const schema = z
    .record(z.string(), value, { error: (iss) => `expected an object, got ${describeJson(iss.input)}` })
    .nullish()
    .transform((v): Readonly<Record<string, z.output<T>>> => (v ?? {}) as Readonly<Record<string, z.output<T>>>);
  return planned(schema, { kind: 'map', value: planOf(value) });
}

/** `repeated`: absent or null → `[]`. A null element is read as the element's zero value, like `jsonpb`. */
export function protoList<T extends z.ZodType>(item: T) {
  const schema = z
    .array(item, { error: (iss) => `expected a list, got ${describeJson(iss.input)}` })
    .nullish()
    .transform((v): ReadonlyArray<z.output<T>> => v ?? []);
  return planned(schema, { kind: 'list', item: planOf(item) });
}

/** `repeated string`. */
export const protoStringList = protoList(protoString);

/**
 * A message-typed field: absent or null → `undefined`; a present object, even `{}`, decodes to a
 * message. Keys not in `shape` are dropped.
 */
export function protoMessage<S extends z.core.$ZodLooseShape>(shape: S) {
  const schema = protoObject(shape)
    .nullish()
    .transform((v) => v ?? undefined);
  return planned(schema, messagePlan(shape));
}

/**
 * A message as a list element or a whole resource: must be an object. (`jsonpb` would read a null
 * list element as an empty message; we report it instead — it is never meant.)
 */
export function protoObject<S extends z.core.$ZodLooseShape>(shape: S) {
  return planned(z.object(shape, { error: (iss) => `expected an object, got ${describeJson(iss.input)}` }), messagePlan(shape));
}

/**
 * Lets a message also be written with proto field names (`transparent_proxying`), as `jsonpb`
 * allows. `aliases` maps proto name → JSON name; when both are present the JSON name wins, as in
 * `jsonpb`. Input without any proto name passes through untouched (no copy).
 */
export function withProtoNames<T extends z.ZodType>(aliases: Readonly<Record<string, string>>, schema: T) {
  const entries = Object.entries(aliases);
  const aliased = z.preprocess((v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    let copy: Record<string, unknown> | undefined;
    for (const [protoName, jsonName] of entries) {
      if (!(protoName in v)) continue;
      copy ??= { ...(v as Record<string, unknown>) };
      if (!(jsonName in copy)) copy[jsonName] = copy[protoName];
      delete copy[protoName];
    }
    return copy ?? v;
  }, schema);
  return planned(aliased, planOf(schema));
}
