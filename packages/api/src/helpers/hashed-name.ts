/**
 * Kuma's KDS resource naming (`pkg/kds/hash/hash.go`): the name a zone's resource gets on the global
 * CP (and in other zones), e.g. Dataplane `dp-1` of mesh `default` from `zone-1` →
 * `dp-1-dff6z597w47d46xx`.
 */

/** `253 - len("-") - 16`: room left for the name in a k8s-compatible 253-character name. */
const MAX_NAME_BYTES = 236;
/** k8s `rand.SafeEncodeString` alphabet: no vowels, no confusable characters. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const encoder = new TextEncoder();

/**
 * `HashedName(mesh, name, extra...)` = `shorten(name, 236) + "-" + safeEncode(hex(fnv64a(mesh + name
 * + extra...)))`. The hashed bytes are the plain concatenation, with no separator. For a resource
 * from a zone, `extra` is the zone name (plus the k8s namespace, when there is one); a global-scoped
 * resource passes `""` as its mesh.
 */
export function hashedName(mesh: string, name: string, ...extra: readonly string[]): string {
  return `${shortenName(name)}-${safeEncode(fnv64aHex([mesh, name, ...extra]))}`;
}

/** k8s `ShortenString(name, 236)`: the first 236 bytes (UTF-8), as Go slices a string. */
function shortenName(name: string): string {
  if (name.length <= MAX_NAME_BYTES && isAscii(name)) return name;
  const bytes = encoder.encode(name);
  if (bytes.length <= MAX_NAME_BYTES) return name;
  // A cut inside a multi-byte character becomes U+FFFD; Go would keep the raw byte. Names are ASCII in practice.
  return new TextDecoder().decode(bytes.subarray(0, MAX_NAME_BYTES));
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * FNV-1a 64-bit over the UTF-8 bytes of `parts`, as 16 lowercase hex digits (big-endian, like Go's
 * `hasher.Sum` + `hex.EncodeToString`). The 64-bit state is kept as two 32-bit halves.
 */
export function fnv64aHex(parts: readonly string[]): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const step = (byte: number): void => {
    lo ^= byte;
    // state * 0x100000001b3 mod 2^64 = state * 0x1b3 + (lo << 40)
    const loProduct = (lo >>> 0) * 0x1b3;
    const carry = Math.floor(loProduct / 0x1_0000_0000);
    hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loProduct >>> 0;
  };
  for (const part of parts) {
    if (isAscii(part)) {
      for (let i = 0; i < part.length; i++) step(part.charCodeAt(i));
    } else {
      for (const byte of encoder.encode(part)) step(byte);
    }
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** k8s `rand.SafeEncodeString`: each character → `SAFE_ALPHABET[charCode % 27]`. */
function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}
