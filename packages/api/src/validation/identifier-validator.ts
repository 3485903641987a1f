/*
 * Kuma's `validateIdentifier` (`pkg/core/resources/apis/mesh/meta_validator.go`): one violation at most,
 * checked in this order: empty, longer than 253 bytes, wrong characters.
 */

/** Lowercase RFC 1123 subdomain (`identifierRegexp`), used for resource names and reachable-backend names. */
const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const RFC1123_MESSAGE =
  "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
  'and must start and end with an alphanumeric character';

/** The pre-2.5 charset (`backwardCompatRegexp`), still used for the `mesh` of mesh-scoped resources. */
const MESH_NAME_CHARS = /^[0-9a-z-_.]*$/;
export const MESH_NAME_MESSAGE = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols.";

/** Go `len(s)`: the UTF-8 byte length (a lone surrogate counts as the 3-byte U+FFFD Go would hold). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function identifierMessage(value: string, pattern: RegExp, message: string): string | undefined {
  if (value === '') return 'cannot be empty';
  if (value.length > 84 && utf8Length(value) > 253) return 'value length must less or equal 253';
  if (!pattern.test(value)) return message;
  return undefined;
}

/** The violation message for a resource / reachable-backend name, or `undefined` when it is valid. */
export function rfc1123NameMessage(value: string): string | undefined {
  return identifierMessage(value, RFC1123_SUBDOMAIN, RFC1123_MESSAGE);
}

/** The violation message for the `mesh` of a mesh-scoped resource (`ValidateMesh`), or `undefined`. */
export function meshNameMessage(value: string): string | undefined {
  return identifierMessage(value, MESH_NAME_CHARS, MESH_NAME_MESSAGE);
}
