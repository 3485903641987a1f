import type { Violation } from './violation.js';

/**
 * Kuma's `Secret.Validate()` and `GlobalSecret.Validate()`: the data must not be empty. The caller owns the
 * returned array.
 */
export function validateSecret(secret: { readonly data?: string }): Violation[] {
  return (secret.data ?? '') === '' ? [{ field: 'data', message: 'cannot be empty' }] : [];
}
