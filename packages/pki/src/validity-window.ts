/**
 * Kuma back-dates every certificate it issues by the clock skew it allows between the control plane and
 * the proxies, so a proxy whose clock is a little behind accepts a certificate issued a moment ago.
 */
export const ALLOWED_CLOCK_SKEW_MS = 10_000;

export interface ValidityWindow {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** `[now − 10 s, now + validity]`. X.509 keeps whole seconds: the certificate's own dates are truncated. */
export function validityWindow(now: Date, validityMs: number): ValidityWindow {
  return {
    notBefore: new Date(now.getTime() - ALLOWED_CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + validityMs),
  };
}
