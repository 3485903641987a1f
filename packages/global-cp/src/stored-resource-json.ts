import { resourceToJson, type Resource } from '@kumiko/api';

/** A resource as the global stores it: its Kuma JSON form without the times, which the store keeps itself. */
export function storedResourceJson(resource: Resource): Record<string, unknown> {
  const { creationTime: _created, modificationTime: _modified, ...json } = resourceToJson(resource) as Record<string, unknown>;
  return json;
}
