import type { Secret } from '../resources/secret.js';
import type { Violation } from './violation.js';

/** Kuma's `Secret.Validate()`: the data must not be empty. The caller owns the returned array. */
export function validateSecret(secret: Secret): Violation[] {
  return (secret.data ?? '') === '' ? [{ field: 'data', message: 'cannot be empty' }] : [];
}
