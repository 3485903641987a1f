/**
 * An identity certificate cannot be issued for a proxy (its SPIFFE ID is invalid, or signing failed). The
 * message is Kuma's; `cause` holds the reason.
 */
export class DataplaneCertError extends Error {
  override readonly name = 'DataplaneCertError';
  readonly code = 'DATAPLANE_CERT';

  constructor(
    readonly mesh: string,
    readonly backend: string,
    readonly services: readonly string[],
    options: ErrorOptions,
  ) {
    super(
      `could not generate dataplane cert for mesh: ${JSON.stringify(mesh)} backend: ${JSON.stringify(backend)} services: ${JSON.stringify(services.join(','))}`,
      options,
    );
  }
}
