import { goQuote } from './go-quote.js';
import { compareGoStrings } from './validation-path.js';

/*
 * What Kuma does with a backend `conf` (`google.protobuf.Struct`) before validating it: `util_proto.ToTyped`
 * marshals the Struct to JSON and unmarshals that into a typed message with the legacy `jsonpb`
 * (`AllowUnknownFields: true`). The first failure becomes `could not parse config: <error>`.
 *
 * Contract reproduced here (golang/protobuf v1.5 `jsonpb/decode.go` over `encoding/json`):
 *   - fields are visited in descriptor order; the first error wins; unknown keys are ignored; `null` skips
 *     a field;
 *   - a message, list or map given the wrong JSON kind fails with `json: cannot unmarshal <kind> into Go
 *     value of type map[string]json.RawMessage` (message, map) or `[]json.RawMessage` (list);
 *   - `string` and `bool` fields (and `BoolValue`) take only their own kind;
 *   - `uint32` takes a number (`number 1.5` / `number -1` in the message when it does not fit) or a
 *     string whose content is itself parsed as JSON;
 *   - an enum takes its value name (`unknown value "\"x\"" for enum <full name>`) or any int32.
 * Known approximation: a malformed number inside a quoted `uint32` reports Go's message for the first bad
 * character only in the common cases; map entries are checked in sorted key order (Go's map order is
 * random, so Kuma itself is not deterministic there).
 */

export type FieldType =
  | { readonly kind: 'string' | 'uint32' | 'bool' | 'boolValue' }
  | { readonly kind: 'enum'; readonly fullName: string; readonly values: readonly string[] }
  | { readonly kind: 'message'; readonly fields: MessageFields }
  | { readonly kind: 'list'; readonly element: FieldType }
  | { readonly kind: 'stringMap' };

/** Field name (JSON name = proto name for every message used here) → type, in descriptor order. */
export type MessageFields = readonly (readonly [name: string, type: FieldType])[];

/** A decoded message: scalars as JS values, enums as numbers, wrappers `undefined` when unset. */
export type DecodedMessage = { readonly [field: string]: unknown };

export type StructDecodeResult = { readonly ok: true; readonly value: DecodedMessage } | { readonly ok: false; readonly error: string };

/** `util_proto.ToTyped(conf, &message)`: an absent `conf` decodes to the empty message. */
export function decodeStruct(conf: Readonly<Record<string, unknown>> | undefined, fields: MessageFields): StructDecodeResult {
  if (conf === undefined) return { ok: true, value: {} };
  try {
    return { ok: true, value: decodeMessage(conf, fields) };
  } catch (e) {
    if (e instanceof JsonpbError) return { ok: false, error: e.message };
    throw e;
  }
}

class JsonpbError extends Error {}

function typeError(value: unknown, goType: string, numberText?: string): JsonpbError {
  const kind = numberText !== undefined ? 'number ' + numberText : jsonKind(value);
  return new JsonpbError(`json: cannot unmarshal ${kind} into Go value of type ${goType}`);
}

function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'array' : 'object';
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeMessage(value: unknown, fields: MessageFields): DecodedMessage {
  if (value === null) return {};
  if (!isObject(value)) throw typeError(value, 'map[string]json.RawMessage');
  const out: Record<string, unknown> = {};
  for (const [name, type] of fields) {
    const raw = value[name];
    if (raw === undefined || raw === null) continue;
    out[name] = decodeField(raw, type);
  }
  return out;
}

function decodeField(raw: unknown, type: FieldType): unknown {
  switch (type.kind) {
    case 'string':
      if (typeof raw !== 'string') throw typeError(raw, 'string');
      return raw;
    case 'bool':
    case 'boolValue':
      if (typeof raw !== 'boolean') throw typeError(raw, 'bool');
      return raw;
    case 'uint32':
      return decodeUint32(raw);
    case 'enum':
      return decodeEnum(raw, type.fullName, type.values);
    case 'message':
      return decodeMessage(raw, type.fields);
    case 'list': {
      if (!Array.isArray(raw)) throw typeError(raw, '[]json.RawMessage');
      return raw.map((element: unknown) => (element === null && type.element.kind === 'message' ? {} : decodeField(element, type.element)));
    }
    case 'stringMap': {
      if (!isObject(raw)) throw typeError(raw, 'map[string]json.RawMessage');
      const out: Record<string, string> = {};
      for (const key of Object.keys(raw).sort(compareGoStrings)) {
        const v = raw[key];
        if (v !== null && typeof v !== 'string') throw typeError(v, 'string');
        out[key] = v ?? '';
      }
      return out;
    }
  }
}

/** How Go's `encoding/json` prints a float64 that came from a Struct `number_value`. */
function goNumberText(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

function fitsUint32(text: string): boolean {
  return /^\d+$/.test(text) && Number(text) <= 0xffffffff;
}

function decodeUint32(raw: unknown): number {
  if (typeof raw === 'number') {
    const text = goNumberText(raw);
    if (!fitsUint32(text)) throw typeError(raw, 'uint32', text);
    return raw;
  }
  if (typeof raw === 'string') return unmarshalQuotedUint32(JSON.stringify(raw).slice(1, -1));
  throw typeError(raw, 'uint32');
}

/** `json.Unmarshal(trimQuote(in), &uint32)`: the string's JSON-escaped content, parsed as JSON itself. */
function unmarshalQuotedUint32(text: string): number {
  const trimmed = text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
  if (trimmed === '') throw new JsonpbError('unexpected end of JSON input');
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new JsonpbError(goSyntaxError(trimmed));
  }
  if (parsed === null) return 0;
  if (typeof parsed === 'number') {
    if (!fitsUint32(trimmed)) throw typeError(parsed, 'uint32', trimmed);
    return parsed;
  }
  throw typeError(parsed, 'uint32');
}

/** The `encoding/json` scanner's message for the common malformed inputs. */
function goSyntaxError(text: string): string {
  const first = text[0] as string;
  if (!/[-0-9"tfn[{]/.test(first)) return `invalid character ${quoteChar(first)} looking for beginning of value`;
  const number = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text);
  if (number !== null && number[0] !== '' && number[0] !== '-') {
    const rest = text.slice(number[0].length).replace(/^[ \t\n\r]+/, '');
    if (rest !== '') return `invalid character ${quoteChar(rest[0] as string)} after top-level value`;
  }
  return 'unexpected end of JSON input';
}

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  return "'" + goQuote(c).slice(1, -1) + "'";
}

function decodeEnum(raw: unknown, fullName: string, values: readonly string[]): number {
  if (typeof raw === 'string') {
    const index = values.indexOf(raw);
    if (index === -1) throw new JsonpbError(`unknown value ${goQuote(JSON.stringify(raw))} for enum ${fullName}`);
    return index;
  }
  if (typeof raw === 'number') {
    const text = goNumberText(raw);
    if (!/^-?\d+$/.test(text) || raw < -2147483648 || raw > 2147483647) throw typeError(raw, 'protoreflect.EnumNumber', text);
    return raw;
  }
  throw typeError(raw, 'protoreflect.EnumNumber');
}
