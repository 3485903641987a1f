/**
 * DER framing only — the tag and length around an element, never what is inside: splitting an encoded SEQUENCE
 * into its encoded elements and framing encoded elements again. Re-signing a leaf moves whole elements that
 * `@peculiar/asn1-schema` or a CA encoded (issuer, validity, extensions), which this does about forty times faster
 * than a typed parse and serialization of the certificate. Tags here are one byte (universal and context tags
 * below 31), as every tag of an X.509 certificate's outer structure is.
 */

/** The whole encoded elements (tag, length and content) inside the element at the start of `der`. */
export function derChildren(der: Uint8Array): Uint8Array[] {
  const { contentStart, end } = header(der, 0);
  const children: Uint8Array[] = [];
  for (let at = contentStart; at < end;) {
    const child = header(der, at);
    children.push(der.subarray(at, child.end));
    at = child.end;
  }
  return children;
}

/** The element with `tag` whose content is `elements`, concatenated. */
export function derElement(tag: number, ...elements: readonly Uint8Array[]): Buffer {
  const length = elements.reduce((sum, element) => sum + element.length, 0);
  return Buffer.concat([Buffer.from([tag, ...lengthBytes(length)]), ...elements]);
}

/** The tag byte of an encoded element. */
export function derTag(element: Uint8Array): number {
  return element[0] ?? -1;
}

function header(der: Uint8Array, at: number): { readonly contentStart: number; readonly end: number } {
  const first = der[at + 1];
  if (first === undefined || (der[at] ?? 0) % 32 === 31) throw new RangeError(`no one-byte-tag DER element at ${at}`);
  const count = first < 0x80 ? 0 : first - 0x80;
  if (count > 4 || first === 0x80) throw new RangeError(`unsupported DER length at ${at}`);
  let length = count === 0 ? first : 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[at + 2 + i] ?? 0);
  const contentStart = at + 2 + count;
  if (contentStart + length > der.length) throw new RangeError(`DER element at ${at} runs past the end`);
  return { contentStart, end: contentStart + length };
}

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 + bytes.length, ...bytes];
}
