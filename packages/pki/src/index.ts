/**
 * @kumiko/pki — the certificates behind mesh mTLS, as real X.509 (`@peculiar/x509` on Node's WebCrypto):
 * the root CA of Kuma's `builtin` backend, loading and checking a CA (builtin secrets or a `provided`
 * backend), and proxies' identity certificates with their SPIFFE and `kuma://` URI SANs.
 *
 * ```ts
 * const { certPem, keyPem } = await createBuiltinCa({ mesh: 'default' });       // store as the mesh's CA secrets
 * const ca = await loadCa(certPem, keyPem);                                      // parse once, sign many
 * const issued = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets });
 * // rotation: re-sign the same key, no new RSA key generation
 * const rotated = await issueIdentityCertificate({ ca, mesh: 'default', backend: 'ca-1', tagSets, key: issued.key });
 * const violations = validateProvidedCa(providedCertPem, providedKeyPem);       // [{ field: 'cert[0]', message }]
 * ```
 */
export { DEFAULT_CA_EXPIRATION_SECONDS, createBuiltinCa } from './builtin-ca.js';
export type { BuiltinCa, BuiltinCaOptions } from './builtin-ca.js';
export { loadCa } from './certificate-authority.js';
export type { CertificateAuthority } from './certificate-authority.js';
export { checkDataplaneTokenClaims, DATAPLANE_TOKEN_PROXY_TYPES, issueDataplaneToken, verifyDataplaneToken } from './dataplane-token.js';
export type { DataplaneTokenClaims, TokenRequestor } from './dataplane-token.js';
export { InvalidTokenError, issueKumaToken, parseRevocations, verifyKumaToken } from './kuma-token.js';
export type { IssueTokenOptions, VerifyTokenOptions } from './kuma-token.js';
export {
  dataplaneTokenRevocationsName,
  dataplaneTokenSigningKeyPrefix,
  generateTokenSigningKeyPem,
  latestSigningKeySerial,
  missingSigningKeyMessage,
  signingKeyName,
  signingKeySerial,
  signingPublicKeyPem,
} from './token-signing-key.js';
export { issueUserToken, verifyUserToken } from './user-token.js';
export type { UserTokenClaims } from './user-token.js';
export { checkZoneTokenClaims, issueZoneToken, verifyZoneToken, ZoneTokenScopes } from './zone-token.js';
export type { ZoneTokenClaims, ZoneTokenRequestor, ZoneTokenScope } from './zone-token.js';
export { DataplaneCertError } from './dataplane-cert-error.js';
export { DEFAULT_IDENTITY_VALIDITY_SECONDS, issueIdentityCertificate } from './identity-certificate.js';
export type { IdentityCertificate, IdentityCertificateOptions } from './identity-certificate.js';
export { generateIdentityKey, IdentityKeyTypes, importIdentityKey } from './identity-key.js';
export type { IdentityKey, IdentityKeyType } from './identity-key.js';
export { identitySans, identityServices } from './identity-sans.js';
export type { TagSet } from './identity-sans.js';
export { createControlPlaneCertificate } from './control-plane-certificate.js';
export { generalTlsSettings, loadCpTlsCertificate } from './cp-tls-certificate.js';
export type { CpTlsCertificate, CpTlsCertificateSource } from './cp-tls-certificate.js';
export type { ControlPlaneCertificate, ControlPlaneCertificateOptions } from './control-plane-certificate.js';
export { InvalidCaError } from './invalid-ca-error.js';
export { validateProvidedCa } from './provided-ca-validator.js';
export { ALLOWED_CLOCK_SKEW_MS } from './validity-window.js';
