/**
 * One broken rule: the field path in Kuma's notation (`networking.inbound[0].tags["kuma.io/service"]`) and
 * Kuma's message, byte for byte.
 */
export interface Violation {
  readonly field: string;
  readonly message: string;
}

/**
 * Validators append to a caller-owned array, in the order Kuma's Go code adds violations, and never reorder
 * or remove what is already there. A validator that finds nothing appends nothing and allocates nothing.
 */
export type ViolationSink = Violation[];

/** Kuma's `ValidationError.Error()`: `field: message; field: message`. */
export function formatViolations(violations: readonly Violation[]): string {
  let out = '';
  for (const v of violations) out += (out === '' ? '' : '; ') + v.field + ': ' + v.message;
  return out;
}
