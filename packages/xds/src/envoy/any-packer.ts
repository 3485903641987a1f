import type { BinaryWriter } from '@bufbuild/protobuf/wire';
import type { Any } from '../generated/google/protobuf/any.js';

/** The part of a ts-proto codec that packing needs. */
export interface PackableCodec<T> {
  readonly $type: string;
  encode(message: T): BinaryWriter;
}

/**
 * Packs `message` as the `Any` Envoy expects in `typed_config`. The value is a Buffer view of the
 * encoded bytes (ts-proto's Any type wants a Buffer); `toJSON` expands it through the type registry.
 */
export function packAny<T>(codec: PackableCodec<T>, message: T): Any {
  const bytes = codec.encode(message).finish();
  return {
    type_url: `type.googleapis.com/${codec.$type}`,
    value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}
