import { GlobalScopedResourceTypes, type Resource } from '../registry/resource-type-registry.js';
import { meshNameMessage, rfc1123NameMessage } from './identifier-validator.js';
import type { ViolationSink } from './violation.js';

/**
 * Kuma's `ValidateMeta` (`meta_validator.go`), applied by the REST API and kuma-dp: `name` must be a
 * lowercase RFC 1123 subdomain of at most 253 bytes (`cannot be empty`, `value length must less or equal
 * 253`, or the invalid-characters message); a mesh-scoped resource's `mesh` goes through the same three
 * checks with the older charset `^[0-9a-z-_.]*$` (Kuma keeps it so that meshes named before 2.5 still
 * work).
 */
export function validateResourceMeta(out: ViolationSink, resource: Pick<Resource, 'type' | 'name'> & { readonly mesh?: string }): void {
  const nameMessage = rfc1123NameMessage(resource.name);
  if (nameMessage !== undefined) out.push({ field: 'name', message: nameMessage });
  if (!GlobalScopedResourceTypes.has(resource.type)) {
    const meshMessage = meshNameMessage(resource.mesh ?? '');
    if (meshMessage !== undefined) out.push({ field: 'mesh', message: meshMessage });
  }
}
