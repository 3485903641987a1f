import type { Resource } from '../registry/resource-type-registry.js';
import { resourceToJson } from '../registry/resource-to-json.js';
import { ResourceTypes } from '../registry/resource-type-registry.js';
import { utf8Length } from './identifier-validator.js';
import type { Violation } from './violation.js';

/** NATS's default `max_payload`: the largest message the event bus carries (headers included). */
export const EVENT_BUS_MAX_PAYLOAD = 1024 * 1024;

/**
 * The largest resource accepted, in bytes of its JSON form: the event bus's payload less 16 KiB for what
 * travels with it — the event envelope (type, event id, zone, time, version), the GLOBAL view entry's kind,
 * mesh, name and outbox id, the labels and timestamps the control planes add, and the message headers. The
 * envelope measures under 2 KiB with the longest names a resource may have (events' codec test).
 */
export const MAX_RESOURCE_BYTES = EVENT_BUS_MAX_PAYLOAD - 16 * 1024;

/** The most labels a resource may carry (the control planes add a few of their own on top). */
export const MAX_LABELS = 64;

/** The most tags one tag set (an inbound's, a gateway's, an outbound's) may hold. */
export const MAX_TAGS = 64;

/** A resource's size in bytes of its JSON form (what events and storage carry). */
export function resourceJsonBytes(resource: Resource): number {
  return utf8Length(JSON.stringify(resourceToJson(resource)));
}

function tagSets(resource: Resource): { readonly field: string; readonly tags: Readonly<Record<string, string>> }[] {
  if (resource.type !== ResourceTypes.Dataplane) return [];
  const networking = resource.networking;
  return [
    ...(networking?.inbound ?? []).map((inbound, i) => ({ field: `networking.inbound[${i}].tags`, tags: inbound.tags })),
    ...(networking?.gateway === undefined ? [] : [{ field: 'networking.gateway.tags', tags: networking.gateway.tags }]),
    ...(networking?.outbound ?? []).map((outbound, i) => ({ field: `networking.outbound[${i}].tags`, tags: outbound.tags })),
  ];
}

/**
 * Limits Kumiko puts on the labels and tags of every written resource, beyond Kuma's own rules, so that list
 * filters stay cheap: at most {@link MAX_LABELS} labels and {@link MAX_TAGS} tags per tag set. Pure.
 */
export function resourceCountViolations(resource: Resource): Violation[] {
  const violations: Violation[] = [];
  if (Object.keys(resource.labels).length > MAX_LABELS)
    violations.push({ field: 'labels', message: `must have at most ${MAX_LABELS} labels` });
  for (const set of tagSets(resource)) {
    if (Object.keys(set.tags).length > MAX_TAGS) violations.push({ field: set.field, message: `must have at most ${MAX_TAGS} tags` });
  }
  return violations;
}

/** A resource whose JSON form is over {@link MAX_RESOURCE_BYTES}: it cannot travel as one event on the bus. */
export class ResourceTooLargeError extends Error {
  override readonly name = 'ResourceTooLargeError';
  readonly code = 'RESOURCE_TOO_LARGE';
  constructor(
    readonly bytes: number,
    readonly limit: number = MAX_RESOURCE_BYTES,
  ) {
    super(`resource is too large: its JSON form is ${bytes} bytes, the limit is ${limit} bytes`);
  }
}

/**
 * Why `resource` cannot travel as one event on the bus — its JSON form is over {@link MAX_RESOURCE_BYTES} bytes
 * — with its size and the limit; `undefined` when it fits. Pure.
 */
export function resourceSizeMessage(resource: Resource): string | undefined {
  const bytes = resourceJsonBytes(resource);
  return bytes <= MAX_RESOURCE_BYTES ? undefined : new ResourceTooLargeError(bytes).message;
}

/** Throws {@link ResourceTooLargeError} when `resource` does not fit in one event; for the last step before publishing. */
export function assertResourceFits(resource: Resource): void {
  const bytes = resourceJsonBytes(resource);
  if (bytes > MAX_RESOURCE_BYTES) throw new ResourceTooLargeError(bytes);
}
