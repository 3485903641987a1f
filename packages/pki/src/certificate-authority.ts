import { importCaSigningKey } from './ca-signing-key.js';
import { InvalidCaError } from './invalid-ca-error.js';
import { readTlsKeyPair } from './tls-key-pair.js';
import { type SigningAlgorithm, type WebCryptoKey, x509 } from './x509-library.js';

/**
 * Everything signing an identity certificate needs from a mesh's CA, parsed once. Immutable; share it
 * between any number of concurrent signings.
 */
export interface CertificateAuthority {
  /** The first certificate of the CA's cert PEM: the issuer of every leaf. */
  readonly certificate: x509.X509Certificate;
  /** The issuer name of every leaf: the CA certificate's subject, as encoded there. */
  readonly subject: x509.Name;
  /** The CA's subject key identifier (hex), which leaves carry as their authority key identifier; absent if the CA has none. */
  readonly subjectKeyId: string | undefined;
  /** The CA's private key, imported for signing only (not extractable). */
  readonly signingKey: WebCryptoKey;
  /** The signature algorithm of every leaf, chosen by the CA key's type. */
  readonly signingAlgorithm: SigningAlgorithm;
  /** The whole cert PEM as given: the trust chain served to proxies. */
  readonly chainPem: string;
}

/**
 * Loads a CA from its cert PEM (one or more certificates; leaves are signed with the first) and its key
 * PEM (PKCS#1, PKCS#8 or SEC 1) — a builtin CA's secrets or a `provided` backend's files. Throws
 * `InvalidCaError` when they are not a valid TLS key pair (Go's reason in `reason`) or the key is neither
 * RSA nor ECDSA P-256/384/521. It does not apply Kuma's provided-CA rules: see `validateProvidedCa`.
 */
export async function loadCa(certPem: string, keyPem: string): Promise<CertificateAuthority> {
  const read = readTlsKeyPair(certPem, keyPem);
  if (!read.ok) throw new InvalidCaError(`not a valid TLS key pair: ${read.reason}`, read.reason);
  const [first] = read.pair.certificates;
  if (first === undefined) throw new InvalidCaError('not a valid TLS key pair: no certificate', 'no certificate');
  const certificate = new x509.X509Certificate(first);
  const signing = await importCaSigningKey(read.pair.privateKey);
  return {
    certificate,
    subject: certificate.subjectName,
    subjectKeyId: certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    signingKey: signing.key,
    signingAlgorithm: signing.signingAlgorithm,
    chainPem: certPem,
  };
}
