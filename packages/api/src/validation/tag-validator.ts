import { Protocols, Tags } from '../tags.js';
import { goQuote } from './go-quote.js';
import type { ViolationSink } from './violation.js';
import { compareGoStrings, keyPath } from './validation-path.js';

/**
 * Kuma's tag-map checks (`validateTagKeyValues` in `pkg/core/resources/apis/mesh/validators.go`), in Kuma's
 * order: the whole-map checks first (protocol), then per key in Go string order: empty key, key characters,
 * empty value, value characters; the mandatory `kuma.io/service` check last.
 */
export interface TagRules {
  /** `ValidateTagsOpts.RequireAtLeastOneTag`: an empty map → `must have at least one tag`. */
  readonly requireAtLeastOneTag: boolean;
  /** `RequireService`: no `kuma.io/service` → `<tags>: mandatory tag "kuma.io/service" is missing`. */
  readonly requireService: boolean;
  /**
   * The extra `kuma.io/protocol` check: `inbound` (must parse as a protocol), `gateway` (must be exactly
   * `tcp`) or `none`.
   */
  readonly protocol: 'none' | 'inbound' | 'gateway';
  /**
   * `ValidateSelector` instead of `ValidateTags`: values may also contain `/` or be `*`
   * (`^([a-zA-Z0-9.\-_:/]*|\*)$`), with the selector wording of the message.
   */
  readonly selector: boolean;
}

/** Inbound tags: protocol must parse; `kuma.io/service` is checked by the Dataplane validator itself. */
export const INBOUND_TAG_RULES: TagRules = { requireAtLeastOneTag: false, requireService: false, protocol: 'inbound', selector: false };
/** Outbound tags and ZoneIngress available-service tags. */
export const SERVICE_TAG_RULES: TagRules = { requireAtLeastOneTag: false, requireService: true, protocol: 'none', selector: false };
/** Gateway tags: service required, protocol only `tcp`. */
export const GATEWAY_TAG_RULES: TagRules = { requireAtLeastOneTag: false, requireService: true, protocol: 'gateway', selector: false };
/** Mesh `constraints.dataplaneProxy` requirement/restriction selectors. */
export const CONSTRAINT_SELECTOR_RULES: TagRules = { requireAtLeastOneTag: true, requireService: false, protocol: 'none', selector: true };

/**
 * Kuma's `ParseProtocol`: case-insensitive (`strings.ToLower`) match of grpc, http, http2, kafka, tcp and
 * also `tls`, which Kuma parses (since 2.9, for MeshExternalService) although its error message does not
 * list it.
 */
const PARSEABLE_PROTOCOLS: ReadonlySet<string> = new Set([...Object.values(Protocols), 'tls']);
const ALLOWED_PROTOCOLS_HINT = 'Allowed values: ' + Object.values(Protocols).join(', ');

export function isKnownProtocol(value: string): boolean {
  return PARSEABLE_PROTOCOLS.has(value) || PARSEABLE_PROTOCOLS.has(value.toLowerCase());
}

const TAG_NAME_CHARS = charTable('a-zA-Z0-9.-_:/');
const TAG_VALUE_CHARS = charTable('a-zA-Z0-9.-_:');

/** `^[a-zA-Z0-9.\-_:/]*$` (Kuma's own tag keys are known to match and skip the scan). */
export function isValidTagName(s: string): boolean {
  return s === Tags.service || s === Tags.protocol || s === Tags.zone || matchesTable(s, TAG_NAME_CHARS);
}

/** `^[a-zA-Z0-9.\-_:]*$` (no `/`) */
export function isValidTagValue(s: string): boolean {
  return matchesTable(s, TAG_VALUE_CHARS);
}

/** `^([a-zA-Z0-9.\-_:/]*|\*)$` */
function isValidSelectorValue(s: string): boolean {
  return s === '*' || matchesTable(s, TAG_NAME_CHARS);
}

/**
 * Validates `tags`, whose own path is `<base>[index].tags` (or `<base>.tags` when `index` is negative).
 * Appends nothing and builds no strings when the map is valid.
 */
export function validateTags(
  out: ViolationSink,
  tags: Readonly<Record<string, string>>,
  base: string,
  index: number,
  rules: TagRules,
): void {
  if (isCleanTagMap(tags, rules)) return;
  const path = (index >= 0 ? base + '[' + index + ']' : base) + '.tags';
  const keys = Object.keys(tags).sort(compareGoStrings);
  if (rules.requireAtLeastOneTag && keys.length === 0) out.push({ field: path, message: 'must have at least one tag' });
  const protocol = tags[Tags.protocol];
  if (protocol !== undefined) {
    if (rules.protocol === 'inbound' && !isKnownProtocol(protocol)) {
      out.push({
        field: keyPath(path, Tags.protocol),
        message: `tag ${goQuote(Tags.protocol)} has an invalid value ${goQuote(protocol)}. ${ALLOWED_PROTOCOLS_HINT}`,
      });
    } else if (rules.protocol === 'gateway' && protocol !== 'tcp') {
      out.push({
        field: keyPath(path, Tags.protocol),
        message: `other values than tcp are not allowed, provided value "${protocol}"`,
      });
    }
  }
  for (const key of keys) {
    if (key === '') out.push({ field: path, message: 'tag name must be non-empty' });
    if (!isValidTagName(key)) {
      out.push({
        field: keyPath(path, key),
        message: 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      });
    }
    const value = tags[key] as string;
    if (value === '') out.push({ field: keyPath(path, key), message: 'tag value must be non-empty' });
    if (rules.selector) {
      if (!isValidSelectorValue(value)) {
        out.push({
          field: keyPath(path, key),
          message: 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
        });
      }
    } else if (!isValidTagValue(value)) {
      out.push({ field: keyPath(path, key), message: 'tag value must consist of alphanumeric characters, dots, dashes and underscores' });
    }
  }
  if (rules.requireService && tags[Tags.service] === undefined) {
    out.push({ field: path, message: `mandatory tag ${goQuote(Tags.service)} is missing` });
  }
}

/** The allocation-free pre-check: true when {@link validateTags} would report nothing. */
function isCleanTagMap(tags: Readonly<Record<string, string>>, rules: TagRules): boolean {
  let count = 0;
  for (const key in tags) {
    count++;
    const value = tags[key] as string;
    if (key === '' || value === '' || !isValidTagName(key)) return false;
    if (rules.selector ? !isValidSelectorValue(value) : !isValidTagValue(value)) return false;
  }
  if (rules.requireAtLeastOneTag && count === 0) return false;
  if (rules.requireService && tags[Tags.service] === undefined) return false;
  const protocol = tags[Tags.protocol];
  if (protocol !== undefined) {
    if (rules.protocol === 'inbound' && !isKnownProtocol(protocol)) return false;
    if (rules.protocol === 'gateway' && protocol !== 'tcp') return false;
  }
  return true;
}

/** A 128-entry ASCII membership table from a character-class body such as `a-zA-Z0-9.-_:`. */
function charTable(spec: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < spec.length; i++) {
    const c = spec.charCodeAt(i);
    if (spec[i + 1] === '-' && i + 2 < spec.length && /[a-zA-Z0-9]/.test(spec[i] as string)) {
      for (let x = c; x <= spec.charCodeAt(i + 2); x++) table[x] = 1;
      i += 2;
    } else {
      table[c] = 1;
    }
  }
  return table;
}

function matchesTable(s: string, table: Uint8Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || table[c] === 0) return false;
  }
  return true;
}
