import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { pkcs1Pem } from './rsa-key-pem.js';
import { validityWindow } from './validity-window.js';
import { type WebCryptoKey, subtle, x509 } from './x509-library.js';

export interface BuiltinCaOptions {
  /** The mesh the CA belongs to: its common name and its SPIFFE trust domain. */
  readonly mesh: string;
  /** RSA modulus length. Default 2048, as Kuma's builtin backend without `conf.caCert.RSAbits`. */
  readonly rsaBits?: number;
  /** Lifetime in seconds. Default 10 years (365-day years), as Kuma's builtin backend without `conf.caCert.expiration`. */
  readonly expirationSeconds?: number;
  /** The issuing instant. Default: the current time. */
  readonly now?: Date;
}

/** A CA as Kuma stores it in the mesh's secrets: the certificate and its PKCS#1 RSA key, both PEM. */
export interface BuiltinCa {
  readonly certPem: string;
  readonly keyPem: string;
}

export const DEFAULT_CA_EXPIRATION_SECONDS = 10 * 365 * 24 * 60 * 60;

const SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/**
 * Creates the root CA of Kuma's `builtin` mTLS backend for a mesh: a fresh RSA key and a self-signed
 * certificate with serial 0, subject and issuer `O=Kuma, OU=Mesh, CN=<mesh>`, one URI SAN
 * `spiffe://<mesh>`, valid from 10 s before `now` for the expiration, key usage keyCertSign + cRLSign,
 * basic constraints CA:TRUE (critical), no extended key usage, signed SHA256-RSA. Like Go's x509, it
 * carries a subject key identifier, which its leaves name as their authority key identifier.
 */
export async function createBuiltinCa(options: BuiltinCaOptions): Promise<BuiltinCa> {
  const { mesh, rsaBits = 2048, expirationSeconds = DEFAULT_CA_EXPIRATION_SECONDS, now = new Date() } = options;
  const keys = await subtle.generateKey({ ...SIGNING, modulusLength: rsaBits, publicExponent: new Uint8Array([1, 0, 1]) }, true, [
    'sign',
    'verify',
  ]);
  const { notBefore, notAfter } = validityWindow(now, expirationSeconds * 1000);
  const name: x509.JsonName = [{ O: ['Kuma'] }, { OU: ['Mesh'] }, { CN: [mesh] }];
  const generated = await x509.X509CertificateGenerator.create({
    subject: name,
    issuer: name,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: SIGNING,
    // Go's order: key usage, basic constraints, subject key identifier, subject alternative names.
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.BasicConstraintsExtension(true, undefined, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `spiffe://${mesh}` }]),
    ],
  });
  const certificate = await withSerialZero(generated, keys.privateKey);
  return { certPem: certificate.toString('pem') + '\n', keyPem: await pkcs1Pem(keys.privateKey) };
}

/**
 * Kuma's CA has serial number 0, which the generator never writes (it draws a random serial for a zero),
 * so the generated certificate's TBS part gets serial 0 through the library's schema and is signed again.
 */
async function withSerialZero(certificate: x509.X509Certificate, signingKey: WebCryptoKey): Promise<x509.X509Certificate> {
  const asn = AsnConvert.parse(certificate.rawData, Certificate);
  asn.tbsCertificate.serialNumber = new Uint8Array([0]).buffer;
  asn.signatureValue = await subtle.sign(SIGNING, signingKey, AsnConvert.serialize(asn.tbsCertificate));
  return new x509.X509Certificate(AsnConvert.serialize(asn));
}
