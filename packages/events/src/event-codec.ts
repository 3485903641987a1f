import { z } from 'zod';
import {
  dataplaneInsightSchema,
  dataplaneSchema,
  meshSchema,
  resourceToJson,
  zoneEgressSchema,
  zoneIngressSchema,
  zoneSchema,
  type Resource,
} from '@kumiko/api';
import { SubjectKinds } from './subjects.js';
import type { GlobalViewEntry } from './global-view-entry.js';
import type { ZoneEvent } from './zone-events.js';

/**
 * Wire format of events and GLOBAL view entries: UTF-8 JSON, resources in Kuma's JSON form
 * (`resourceToJson`), decoded back with the resource model's own zod schemas, so a message is
 * validated as strictly as a REST body. Decoding never throws: a malformed message is reported.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const metadataSchema = z.object({
  eventId: z.string().min(1),
  zone: z.string().min(1),
  time: z.string().min(1),
  version: z.number().int().nonnegative(),
});
const ref = z.object({ mesh: z.string().min(1), name: z.string().min(1) });
const globalRef = z.object({ name: z.string().min(1) });

const zoneEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('DataplaneUpserted'), data: z.object({ dataplane: dataplaneSchema }), metadata: metadataSchema }),
  z.object({ type: z.literal('DataplaneDeleted'), data: ref, metadata: metadataSchema }),
  z.object({ type: z.literal('DataplaneInsightUpdated'), data: z.object({ insight: dataplaneInsightSchema }), metadata: metadataSchema }),
  z.object({ type: z.literal('ZoneIngressUpserted'), data: z.object({ zoneIngress: zoneIngressSchema }), metadata: metadataSchema }),
  z.object({ type: z.literal('ZoneIngressDeleted'), data: globalRef, metadata: metadataSchema }),
  z.object({ type: z.literal('ZoneEgressUpserted'), data: z.object({ zoneEgress: zoneEgressSchema }), metadata: metadataSchema }),
  z.object({ type: z.literal('ZoneEgressDeleted'), data: globalRef, metadata: metadataSchema }),
  z.object({
    type: z.literal('ZoneHeartbeat'),
    data: z.object({ instanceId: z.string().min(1), startedAt: z.string(), version: z.string(), config: z.string() }),
    metadata: metadataSchema,
  }),
]);

const globalViewEntrySchema = z.object({
  kind: z.enum([SubjectKinds.Mesh, SubjectKinds.ZoneIngress, SubjectKinds.ZoneEgress, SubjectKinds.Zone]),
  name: z.string().min(1),
  resource: z.union([meshSchema, zoneIngressSchema, zoneEgressSchema, zoneSchema]).optional(),
  zone: z.string().min(1).optional(),
  outboxId: z.string().min(1),
  time: z.string().min(1),
});

export type CodecResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function toJson<T>(value: T, resourceKeys: readonly string[]): Uint8Array {
  return encoder.encode(
    JSON.stringify(value, function replacer(this: unknown, key: string, item: unknown) {
      return resourceKeys.includes(key) && item !== undefined ? resourceToJson(item as Resource) : item;
    }),
  );
}

/** Compiles a schema on first use (zod's generated fast path; invalid input still gets every issue). */
function compiled<T>(schema: z.ZodType<T>): () => z.ZodType<T> {
  let fast: z.ZodType<T> | undefined;
  return () => (fast ??= z.compile(schema));
}

const zoneEventDecoder = compiled(zoneEventSchema as z.ZodType<ZoneEvent>);
const globalViewEntryDecoder = compiled(globalViewEntrySchema);

function parse<T>(bytes: Uint8Array, schema: z.ZodType<T>): CodecResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    return { ok: false, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: z.prettifyError(result.error).replaceAll('\n', '; ') };
}

const RESOURCE_KEYS = ['dataplane', 'insight', 'zoneIngress', 'zoneEgress', 'resource'];

export function encodeZoneEvent(event: ZoneEvent): Uint8Array {
  return toJson(event, RESOURCE_KEYS);
}

export function decodeZoneEvent(bytes: Uint8Array): CodecResult<ZoneEvent> {
  return parse(bytes, zoneEventDecoder());
}

export function encodeGlobalViewEntry(entry: GlobalViewEntry): Uint8Array {
  return toJson(entry, RESOURCE_KEYS);
}

export function decodeGlobalViewEntry(bytes: Uint8Array): CodecResult<GlobalViewEntry> {
  const result = parse(bytes, globalViewEntryDecoder());
  if (!result.ok) return result;
  const { resource, zone, ...rest } = result.value;
  return { ok: true, value: { ...rest, resource, zone } as GlobalViewEntry };
}
