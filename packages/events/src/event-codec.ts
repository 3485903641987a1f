import { z } from 'zod';
import { resourceToJson, resourceTypeDescriptors, Scopes } from '@kumiko/api';
import type { GlobalViewEntry } from './global-view-entry.js';
import { zoneEventKind, zoneOwnedDescriptors } from './zone-event-catalogue.js';
import { zoneEventResource } from './zone-event-subject.js';
import type { ZoneEvent } from './zone-events.js';

/**
 * Wire format of events and GLOBAL view entries: UTF-8 JSON, resources in Kuma's JSON form
 * (`resourceToJson`), decoded back with the resource model's own zod schemas, so a message is
 * validated as strictly as a REST body. Decoding never throws: a malformed message is reported.
 * The event and entry schemas are built from the resource-type registry.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const metadataSchema = z.object({
  eventId: z.string().min(1),
  zone: z.string().min(1),
  time: z.string().min(1),
  version: z.number().int().nonnegative(),
  registeredBy: z.literal('lifecycle').optional(),
});
const ref = z.object({ mesh: z.string().min(1), name: z.string().min(1) });
const globalRef = z.object({ name: z.string().min(1) });

const resourceEventSchemas = zoneOwnedDescriptors().flatMap((descriptor) => {
  const { upserted, deleted, payloadField } = descriptor.zoneOrigin.events;
  const upsert = z.object({ type: z.literal(upserted), data: z.object({ [payloadField]: descriptor.schema }), metadata: metadataSchema });
  if (deleted === undefined) return [upsert];
  const deletion = z.object({
    type: z.literal(deleted),
    data: descriptor.scope === Scopes.mesh ? ref : globalRef,
    metadata: metadataSchema,
  });
  return [upsert, deletion];
});

const heartbeatSchema = z.object({
  type: z.literal('ZoneHeartbeat'),
  data: z.object({ instanceId: z.string().min(1), startedAt: z.string(), version: z.string(), config: z.string() }),
  metadata: metadataSchema,
});

const zoneEventSchema = z.discriminatedUnion('type', [heartbeatSchema, ...resourceEventSchemas]);

const globalViewDescriptors = resourceTypeDescriptors().filter((descriptor) => descriptor.sync.globalToZone);
const [firstKind, ...otherKinds] = globalViewDescriptors.map((descriptor) => descriptor.subjectKind);
const globalViewEntrySchema = z.object({
  kind: z.enum([firstKind ?? '', ...otherKinds]),
  mesh: z.string().min(1).optional(),
  name: z.string().min(1),
  resource: z.union(globalViewDescriptors.map((descriptor) => descriptor.schema)).optional(),
  outboxId: z.string().min(1),
  time: z.string().min(1),
});

export type CodecResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

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

/** The resource an event carries is written in Kuma JSON form; nothing else in the event is touched. */
export function encodeZoneEvent(event: ZoneEvent): Uint8Array {
  const resource = zoneEventResource(event);
  if (resource === undefined) return encoder.encode(JSON.stringify(event));
  const field = zoneEventKind(event.type)?.descriptor.zoneOrigin.events.payloadField ?? '';
  return encoder.encode(JSON.stringify({ ...event, data: { ...event.data, [field]: resourceToJson(resource) } }));
}

export function decodeZoneEvent(bytes: Uint8Array): CodecResult<ZoneEvent> {
  return parse(bytes, zoneEventDecoder());
}

export function encodeGlobalViewEntry(entry: GlobalViewEntry): Uint8Array {
  return encoder.encode(JSON.stringify(entry.resource === undefined ? entry : { ...entry, resource: resourceToJson(entry.resource) }));
}

export function decodeGlobalViewEntry(bytes: Uint8Array): CodecResult<GlobalViewEntry> {
  const result = parse(bytes, globalViewEntryDecoder());
  if (!result.ok) return result;
  const { resource, ...rest } = result.value;
  return { ok: true, value: { ...rest, resource } as GlobalViewEntry };
}
