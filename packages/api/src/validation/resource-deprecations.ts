import { type Resource, descriptorOf } from '../registry/resource-type-registry.js';

/**
 * Kuma's deprecation warnings for one resource (`core_model.Deprecations`), by its type's registry entry:
 * what a successful PUT answers as `{"warnings": […]}` (Kuma answers `{}` when there are none). Types
 * without an entry's `deprecations` have none. The caller owns the returned array.
 */
export function resourceDeprecations(resource: Resource): string[] {
  const descriptor = descriptorOf(resource.type);
  return 'deprecations' in descriptor ? (descriptor.deprecations?.(resource as never) ?? []) : [];
}
