/**
 * ZoneIngress (`api/mesh/v1alpha1/zone_ingress.proto`): the proxy through which other zones reach
 * this zone's services. Global-scoped: no `mesh`.
 */
import type { z } from 'zod';
import { protoBool, protoList, protoMessage, protoObject, protoString, protoStringMap, protoUint32 } from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import { type EnvoyAdmin, envoyAdminSchema } from './envoy-admin.js';
import { type GlobalResourceMeta, type StringMap, globalMetaShape } from './resource-envelope.js';

/** One entry of `availableServices`: a (mesh, full tag set) and how many healthy instances carry it. */
export interface AvailableService {
  readonly tags: StringMap;
  readonly instances: number;
  readonly mesh: string;
  readonly externalService: boolean;
}

export interface ZoneIngressNetworking {
  /** Listen address; `""` when absent. */
  readonly address: string;
  /** What other zones dial; `""` while waiting for a load balancer. */
  readonly advertisedAddress: string;
  readonly port: number;
  readonly advertisedPort: number;
  readonly admin?: EnvoyAdmin;
}

export interface ZoneIngress extends GlobalResourceMeta<'ZoneIngress'> {
  /** `""` in the owning zone; pinned to the zone by the global CP. */
  readonly zone: string;
  readonly networking?: ZoneIngressNetworking;
  /** Computed by the zone CP (never by users); `[]` when absent. */
  readonly availableServices: readonly AvailableService[];
}

export const availableServiceSchema = protoObject({
  tags: protoStringMap,
  instances: protoUint32,
  mesh: protoString,
  externalService: protoBool,
});

/** zod schema of a whole ZoneIngress resource. */
export const zoneIngressSchema: z.ZodType<ZoneIngress> = protoObject({
  ...globalMetaShape('ZoneIngress'),
  zone: protoString,
  networking: protoMessage({
    address: protoString,
    advertisedAddress: protoString,
    port: protoUint32,
    advertisedPort: protoUint32,
    admin: envoyAdminSchema,
  }),
  availableServices: protoList(availableServiceSchema),
});

/** Decodes a ZoneIngress; never throws on bad input. */
export const decodeZoneIngress = createDecoder(zoneIngressSchema);
