import { randomBytes } from 'node:crypto';

/** 128 random bits, never all zero: an identity certificate's serial in [1, 2^128 − 1], as Kuma draws it. */
export function randomSerialBytes(): Buffer {
  let bytes = randomBytes(16);
  while (bytes.every((byte) => byte === 0)) bytes = randomBytes(16);
  return bytes;
}

/** {@link randomSerialBytes} as the content of a DER INTEGER: a leading zero keeps a set top bit from reading as negative. */
export function randomSerialInteger(): ArrayBuffer {
  const bytes = randomSerialBytes();
  const positive = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes;
  return new Uint8Array(positive).buffer;
}
