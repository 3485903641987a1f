/** Zone (`api/system/v1alpha1/zone.proto`): a zone as the global CP knows it. Global-scoped. */
import type { z } from 'zod';
import { boolValue, protoObject } from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import { type GlobalResourceMeta, globalMetaShape } from './resource-envelope.js';

export interface Zone extends GlobalResourceMeta<'Zone'> {
  /** `google.protobuf.BoolValue`: `undefined` (unset) means enabled — see {@link isZoneEnabled}. */
  readonly enabled?: boolean;
}

/** Kuma treats an unset `enabled` as enabled; only an explicit `false` disables a zone. */
export function isZoneEnabled(zone: Zone): boolean {
  return zone.enabled !== false;
}

/** zod schema of a whole Zone resource. */
export const zoneSchema: z.ZodType<Zone> = protoObject({
  ...globalMetaShape('Zone'),
  enabled: boolValue,
});

/** Decodes a Zone; never throws on bad input. */
export const decodeZone = createDecoder(zoneSchema);
