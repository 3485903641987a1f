import { randomBytes } from 'node:crypto';

/** 128 random bits, never all zero: an identity certificate's serial in [1, 2^128 − 1], as Kuma draws it. */
export function randomSerialBytes(): Buffer {
  let bytes = randomBytes(16);
  while (bytes.every((byte) => byte === 0)) bytes = randomBytes(16);
  return bytes;
}

/**
 * {@link randomSerialBytes} as the content of a DER INTEGER: minimal, as DER requires (leading zero bytes dropped;
 * OpenSSL and BoringSSL refuse a certificate with a padded serial), and a leading zero where a set top bit would
 * read as negative.
 */
export function randomSerialInteger(): ArrayBuffer {
  return new Uint8Array(derIntegerContent(randomSerialBytes())).buffer;
}

/** The minimal DER INTEGER content of a positive big-endian number. */
export function derIntegerContent(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  return (minimal[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), minimal]) : Buffer.from(minimal);
}
