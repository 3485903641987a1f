/** ZoneEgress (`api/mesh/v1alpha1/zoneegress.proto`): a zone's exit proxy. Global-scoped: no `mesh`. */
import type { z } from 'zod';
import { protoMessage, protoObject, protoString, protoUint32 } from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import { type EnvoyAdmin, envoyAdminSchema } from './envoy-admin.js';
import { type GlobalResourceMeta, globalMetaShape } from './resource-envelope.js';

export interface ZoneEgressNetworking {
  readonly address: string;
  readonly port: number;
  readonly admin?: EnvoyAdmin;
}

export interface ZoneEgress extends GlobalResourceMeta<'ZoneEgress'> {
  /** `""` in the owning zone; pinned to the zone by the global CP. */
  readonly zone: string;
  readonly networking?: ZoneEgressNetworking;
}

/** zod schema of a whole ZoneEgress resource. */
export const zoneEgressSchema: z.ZodType<ZoneEgress> = protoObject({
  ...globalMetaShape('ZoneEgress'),
  zone: protoString,
  networking: protoMessage({ address: protoString, port: protoUint32, admin: envoyAdminSchema }),
});

/** Decodes a ZoneEgress; never throws on bad input. */
export const decodeZoneEgress = createDecoder(zoneEgressSchema);
