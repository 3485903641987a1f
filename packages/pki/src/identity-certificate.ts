import { type CertificateAuthority } from './certificate-authority.js';
import { DataplaneCertError } from './dataplane-cert-error.js';
import { generateIdentityKey, IdentityKeyTypes, type IdentityKey, type IdentityKeyType } from './identity-key.js';
import { type TagSet, identitySans, identityServices } from './identity-sans.js';
import { pathSegmentError, trustDomainError } from './spiffe-id.js';
import { resignLeaf } from './leaf-resigner.js';
import { randomSerialBytes } from './random-serial.js';
import { validityWindow } from './validity-window.js';
import { x509 } from './x509-library.js';

export interface IdentityCertificateOptions {
  readonly ca: CertificateAuthority;
  readonly mesh: string;
  /** The mTLS backend's name, for the error message only. */
  readonly backend: string;
  /** The proxy's inbound tag maps plus its gateway's (a ZoneEgress: `{kuma.io/service: zone-egress}`). */
  readonly tagSets: readonly TagSet[];
  /** Lifetime in seconds. Default 86400 (one day), Kuma's `dpCert.rotation.expiration` default. */
  readonly validitySeconds?: number;
  /** The issuing instant. Default: the current time. */
  readonly now?: Date;
  /** The key to certify; default a new one of `keyType`. Pass the previous key to re-sign cheaply. */
  readonly key?: IdentityKey;
  /** The type of a new key. Default `rsa-2048`, Kuma's. */
  readonly keyType?: IdentityKeyType;
  /**
   * The proxy's current certificate. When it certifies the same key for the same SANs, it is signed again with a new
   * serial and validity (and this CA as issuer) instead of being built anew: about ten times cheaper.
   */
  readonly previous?: IdentityCertificate;
  /**
   * A certificate of another proxy with the same SANs and key type (say the last one issued for the same service):
   * a new key's certificate is then made from it, re-signed for the new key, instead of being built anew.
   */
  readonly model?: IdentityCertificate;
}

export interface IdentityCertificate {
  readonly certPem: string;
  /** PEM of the certified key: PKCS#1 for RSA, SEC 1 for ECDSA. */
  readonly keyPem: string;
  /** The certificate's own dates (whole seconds). */
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The URI SANs, in the certificate's order. */
  readonly sans: readonly string[];
  /** The certified key, for re-signing later without a new key generation. */
  readonly key: IdentityKey;
}

export const DEFAULT_IDENTITY_VALIDITY_SECONDS = 86_400;

/**
 * Issues a proxy's identity certificate as Kuma's builtin and provided backends do: an empty subject (so
 * the URI SANs of `identitySans` are a critical extension), issuer = the CA's subject, a random serial in
 * [1, 2^128 − 1], valid from 10 s before `now` for `validitySeconds`, key usage digitalSignature +
 * keyEncipherment + keyAgreement (an ECDSA key without keyEncipherment, which RFC 5480 forbids for it), extended
 * key usage serverAuth + clientAuth, basic constraints CA:FALSE, and the CA's key identifier when the CA has one.
 * Signed by the CA's first certificate's key.
 *
 * Throws `DataplaneCertError` (Kuma's message; go-spiffe's reason as `cause`) when the mesh is not a valid
 * SPIFFE trust domain or a service not a valid path segment; nothing is generated then.
 */
export async function issueIdentityCertificate(options: IdentityCertificateOptions): Promise<IdentityCertificate> {
  const { ca, mesh, backend, tagSets, validitySeconds = DEFAULT_IDENTITY_VALIDITY_SECONDS, now = new Date() } = options;
  const services = identityServices(tagSets);
  const invalid = trustDomainError(mesh) ?? services.map(pathSegmentError).find((error) => error !== undefined);
  if (invalid !== undefined) throw new DataplaneCertError(mesh, backend, services, { cause: new Error(invalid) });

  const sans = identitySans(mesh, tagSets);
  const { previous } = options;
  const window = validityWindow(now, validitySeconds * 1000);
  if (previous !== undefined && (options.key === undefined || options.key === previous.key) && sameSans(previous.sans, sans)) {
    const certPem = await resignLeaf(previous.certPem, ca, window);
    if (certPem !== undefined)
      return { ...previous, certPem, notBefore: wholeSeconds(window.notBefore), notAfter: wholeSeconds(window.notAfter) };
  }
  const key = options.key ?? previous?.key ?? (await generateIdentityKey(options.keyType));
  const { model } = options;
  if (model !== undefined && model.key.type === key.type && sameSans(model.sans, sans)) {
    const certPem = await resignLeaf(model.certPem, ca, window, key.publicKeySpki);
    if (certPem !== undefined)
      return { certPem, keyPem: key.keyPem, notBefore: wholeSeconds(window.notBefore), notAfter: wholeSeconds(window.notAfter), sans, key };
  }
  const { notBefore, notAfter } = window;
  // Go's extension order: key usage, extended key usage, basic constraints, authority key id, SANs.
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(keyUsageOf(key), true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    new x509.BasicConstraintsExtension(false, undefined, true),
  ];
  if (ca.subjectKeyId !== undefined) extensions.push(new x509.AuthorityKeyIdentifierExtension(ca.subjectKeyId));
  // As Go's x509 does, no names means no SAN extension (an empty one would be malformed).
  if (sans.length > 0) {
    const names = sans.map((value): x509.JsonGeneralName => ({ type: 'url', value }));
    extensions.push(new x509.SubjectAlternativeNameExtension(names, true));
  }

  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialBytes().toString('hex'),
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: key.publicKeySpki,
    signingKey: ca.signingKey,
    signingAlgorithm: ca.signingAlgorithm,
    extensions,
  });
  return {
    certPem: certificate.toString('pem') + '\n',
    keyPem: key.keyPem,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    sans,
    key,
  };
}

function keyUsageOf(key: IdentityKey): x509.KeyUsageFlags {
  const { digitalSignature, keyEncipherment, keyAgreement } = x509.KeyUsageFlags;
  return key.type === IdentityKeyTypes.EcdsaP256 ? digitalSignature | keyAgreement : digitalSignature | keyEncipherment | keyAgreement;
}

function sameSans(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((san, i) => san === b[i]);
}

/** A date as X.509 keeps it: whole seconds. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
