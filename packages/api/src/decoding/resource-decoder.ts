import { type Resource, descriptorOf, isResourceType, resourceTypeDescriptors } from '../registry/resource-type-registry.js';
import type { DecodeResult } from './decode-result.js';
import { describeJson } from './proto-json.js';

const KNOWN_TYPES = resourceTypeDescriptors()
  .map((descriptor) => descriptor.name)
  .sort()
  .join(', ');

/**
 * Decodes any supported resource from parsed YAML/JSON, choosing the type by its `type` field.
 * A missing or unknown `type` is an issue at `type` that lists the known types. Never throws on
 * bad input.
 */
export function decodeResource(input: unknown): DecodeResult<Resource> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ field: '', message: `expected a resource object, got ${describeJson(input)}` }] };
  }
  const type = (input as { readonly type?: unknown }).type;
  if (typeof type !== 'string' || type === '') {
    return { ok: false, issues: [{ field: 'type', message: `resource type is missing; known types: ${KNOWN_TYPES}` }] };
  }
  if (!isResourceType(type)) {
    return {
      ok: false,
      issues: [{ field: 'type', message: `unknown resource type ${JSON.stringify(type)}; known types: ${KNOWN_TYPES}` }],
    };
  }
  return descriptorOf(type).decode(input);
}
