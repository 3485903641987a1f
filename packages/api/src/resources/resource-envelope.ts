/**
 * The flat envelope every Kuma resource shares (`pkg/core/resources/model/rest/v1alpha1/meta.go`):
 * meta fields at the top level, spec fields inline beside them.
 */
import { z } from 'zod';
import { protoString, protoStringMap, protoTimestamp } from '../decoding/proto-json.js';

/** Labels (or tags): a read-only string map, `{}` when there are none. */
export type StringMap = Readonly<Record<string, string>>;

/** Meta fields of a global-scoped resource (Mesh, ZoneIngress, ZoneEgress, Zone, ZoneInsight): no `mesh`. */
export interface GlobalResourceMeta<T extends string> {
  readonly type: T;
  /** `""` when absent (the meta validator then reports it). */
  readonly name: string;
  readonly labels: StringMap;
  /** RFC 3339; set by the store, absent on input written by users. */
  readonly creationTime?: string;
  readonly modificationTime?: string;
}

/** Meta fields of a mesh-scoped resource (Dataplane, DataplaneInsight). */
export interface MeshResourceMeta<T extends string> extends GlobalResourceMeta<T> {
  /** `""` when absent. */
  readonly mesh: string;
}

/**
 * `type`: must be absent or equal to the expected type; decodes to the expected type either way,
 * so a body checked against the URL's type can omit it.
 */
function typeField<T extends string>(type: T) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): T => {
      if (v == null || v === type) return type;
      ctx.issues.push({ code: 'custom', input: v, message: `expected type "${type}", got ${JSON.stringify(v)}` });
      return z.NEVER;
    });
}

/** zod shape of {@link GlobalResourceMeta}: spread it first into a resource's object shape. */
export function globalMetaShape<T extends string>(type: T) {
  return {
    type: typeField(type),
    name: protoString,
    labels: protoStringMap,
    creationTime: protoTimestamp,
    modificationTime: protoTimestamp,
  };
}

/** zod shape of {@link MeshResourceMeta}. */
export function meshMetaShape<T extends string>(type: T) {
  const { type: typeSchema, ...rest } = globalMetaShape(type);
  return { type: typeSchema, mesh: protoString, ...rest };
}
