import type { Resource } from './resource-type-registry.js';
import { descriptorOf } from './resource-type-registry.js';

/**
 * A decoded resource as Kuma-compatible JSON data (for REST responses, events, storage): the same
 * flat envelope, with durations written back as strings (`"10s"`, `"1.500s"`). Zero values stay in
 * (Kuma accepts them), so `decodeResource(resourceToJson(r))` yields `r` again.
 *
 * Shares unchanged sub-objects with the input; neither may be mutated.
 */
export function resourceToJson(resource: Resource): object {
  const descriptor = descriptorOf(resource.type);
  return descriptor.toJson === undefined ? resource : descriptor.toJson(resource);
}
