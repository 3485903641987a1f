/** A CA's cert and key cannot be used to sign: they do not parse, do not match, or the key type is unsupported. */
export class InvalidCaError extends Error {
  override readonly name = 'InvalidCaError';
  readonly code = 'INVALID_CA';

  constructor(
    message: string,
    /** Go's reason text when the cert and key are not a valid TLS key pair. */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
