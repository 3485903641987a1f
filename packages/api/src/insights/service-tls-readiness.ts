import type { ServiceInsightStat } from './service-insight-builder.js';

/** What the readiness rule reads of a ServiceInsight service entry. */
export type ServiceTlsFacts = Pick<ServiceInsightStat, 'dataplanes' | 'issuedBackends'>;

/**
 * Kuma's "TLS ready" rule for a client in a PERMISSIVE mesh: a service may be sent mesh mTLS once every one of its
 * Dataplanes holds a certificate of the mesh's enabled backend, that is `issuedBackends[<backend>]` equals
 * `dataplanes.total` (online plus offline). Until then the client keeps plaintext, which a PERMISSIVE inbound still
 * accepts, so enabling mTLS never breaks a plaintext call. In STRICT a client always uses mTLS and this rule is not
 * consulted. Pure.
 */
export function isServiceTlsReady(facts: ServiceTlsFacts, enabledBackend: string): boolean {
  if (enabledBackend === '') return false;
  return (facts.issuedBackends[enabledBackend] ?? 0) === facts.dataplanes.total;
}
