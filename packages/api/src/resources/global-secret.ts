/**
 * GlobalSecret (`api/system/v1alpha1/secret.proto`, Kuma's `GlobalSecret`): bytes kept outside any mesh, such as
 * the signing keys of zone and user tokens and the admin's user token. Global-scoped, written on the global CP,
 * only admins may read or write one. Only the names {@link globalSecretSyncsToZones} accepts are sent to zones.
 */
import type { z } from 'zod';
import { bytesValue, protoObject } from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import { GlobalSecretNames } from '../helpers/global-secret-names.js';
import { type GlobalResourceMeta, globalMetaShape } from './resource-envelope.js';

export interface GlobalSecret extends GlobalResourceMeta<'GlobalSecret'> {
  /** `google.protobuf.BytesValue` as base64 text; `undefined` when unset (the validator reports it). */
  readonly data?: string;
}

/** zod schema of a whole GlobalSecret resource. */
export const globalSecretSchema: z.ZodType<GlobalSecret> = protoObject({
  ...globalMetaShape('GlobalSecret'),
  data: bytesValue,
});

/** Decodes a GlobalSecret; never throws on bad input. */
export const decodeGlobalSecret = createDecoder(globalSecretSchema);

/** `name` is `prefix` (serial 0, legacy) or `prefix-<anything>`. */
function inFamily(prefix: string, name: string): boolean {
  return name === prefix || name.startsWith(`${prefix}-`);
}

/**
 * Kuma's global → zone filter of GlobalSecrets: a zone receives only what it needs to check tokens without being
 * able to issue them: the public halves of the zone- and user-token signing keys and the two revocation lists.
 * Private signing keys and `admin-user-token` never leave the global CP.
 */
export function globalSecretSyncsToZones(name: string): boolean {
  return (
    inFamily(GlobalSecretNames.zoneTokenSigningPublicKeyPrefix, name) ||
    inFamily(GlobalSecretNames.userTokenSigningPublicKeyPrefix, name) ||
    name === GlobalSecretNames.zoneTokenRevocations ||
    name === GlobalSecretNames.userTokenRevocations
  );
}
