import type { Dataplane } from '../resources/dataplane.js';
import { validateDataplane } from './dataplane-validator.js';
import type { Violation } from './violation.js';

/**
 * What Kuma's bootstrap server (`POST /bootstrap`, `bootstrapGenerator.dataplaneFor`) checks about the
 * Dataplane a kuma-dp sends in `dataplaneResource`: first the spec (`Validate()`, returned alone when it
 * fails); then, when the bootstrap request enables transparent proxying, there must be no explicit
 * outbounds → `outbound: should be empty since dataplane is in Transparent Proxying mode`. (The mesh must
 * also exist; that needs the store and is the caller's check.) The caller owns the returned array.
 */
export function validateBootstrapDataplane(dataplane: Dataplane, transparentProxyEnabled: boolean): Violation[] {
  const violations = validateDataplane(dataplane);
  if (violations.length > 0) return violations;
  if (transparentProxyEnabled && (dataplane.networking?.outbound.length ?? 0) > 0) {
    violations.push({ field: 'outbound', message: 'should be empty since dataplane is in Transparent Proxying mode' });
  }
  return violations;
}
