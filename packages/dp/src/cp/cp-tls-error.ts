/** OpenSSL's codes for a peer certificate that does not verify (as Node reports them on `error.code`). */
const VERIFICATION_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/**
 * The control plane's certificate does not verify against the CA kumiko-dp was given (or the system
 * roots without one). Final: retrying cannot help, the proxy must be given the right CA.
 */
export class CpTlsVerificationError extends Error {
  override readonly name = 'CpTlsVerificationError';
  readonly code = 'CP_TLS_VERIFICATION_FAILED';
  constructor(
    readonly cpAddress: string,
    readonly reason: string,
    withCa: boolean,
  ) {
    super(
      `cannot verify the control plane's certificate at ${cpAddress}: ${reason}. ` +
        (withCa
          ? 'The CA given by --ca-cert-file (KUMA_CONTROL_PLANE_CA_CERT_FILE) did not sign it; give the CA of the control plane’s DP server certificate.'
          : 'Give the CA of the control plane’s DP server certificate with --ca-cert-file or KUMA_CONTROL_PLANE_CA_CERT_FILE.'),
    );
  }
}

/** The TLS verification failure inside `error` (or its causes), as `message (CODE)`; `undefined` when it is something else. */
export function tlsVerificationFailure(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && VERIFICATION_CODES.has(code)) return `${current.message} (${code})`;
  }
  return undefined;
}
