/**
 * Secret (`api/system/v1alpha1/secret.proto`): bytes kept for a mesh, such as the keys and certificates of its CA.
 * Mesh-scoped; written on the global and sent to every zone under the same name. Only admins may read or write one.
 */
import type { z } from 'zod';
import { bytesValue, protoObject } from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import { type MeshResourceMeta, meshMetaShape } from './resource-envelope.js';

export interface Secret extends MeshResourceMeta<'Secret'> {
  /** `google.protobuf.BytesValue` as base64 text; `undefined` when unset (the validator reports it). */
  readonly data?: string;
}

/** zod schema of a whole Secret resource. */
export const secretSchema: z.ZodType<Secret> = protoObject({
  ...meshMetaShape('Secret'),
  data: bytesValue,
});

/** Decodes a Secret; never throws on bad input. */
export const decodeSecret = createDecoder(secretSchema);

/** A Secret's or GlobalSecret's bytes as text (PEM, a token). */
export function secretText(secret: { readonly data?: string }): string {
  return Buffer.from(secret.data ?? '', 'base64').toString('utf8');
}

/** Base64 of `text`, as a Secret's or GlobalSecret's `data`. */
export function secretData(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
