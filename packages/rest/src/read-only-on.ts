import type { AnyResourceTypeDescriptor, Owner } from '@kumiko/api';

/**
 * Whether users may not write a type on the given control plane: the CP computes it (insights), or the other
 * control plane owns it (Kuma's multizone rule: what zones provide is read-only on the global, what the
 * global provides is read-only on a zone).
 */
export function isReadOnlyOn(descriptor: AnyResourceTypeDescriptor, controlPlane: Owner): boolean {
  return descriptor.computed || descriptor.owner !== controlPlane;
}
