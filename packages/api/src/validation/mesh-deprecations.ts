import type { Mesh } from '../resources/mesh.js';
import { displayNameOf } from '../helpers/display-name.js';
import { dns1035LabelMessages } from './k8s-label-validator.js';

/**
 * Kuma's deprecation warnings for a Mesh (`MeshResource.Deprecations()`), which a successful PUT answers as
 * `{"warnings": […]}`: a display name (the `kuma.io/display-name` label, else the name) that is not a
 * DNS-1035 label is still accepted, but deprecated.
 */
export function meshDeprecations(mesh: Mesh): string[] {
  const name = displayNameOf(mesh);
  const errors = dns1035LabelMessages(name);
  if (errors.length === 0) return [];
  return [`Invalid name: '${name}'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: ${errors.join('; ')}`];
}
