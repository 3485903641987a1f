import { pkcs1Pem } from './rsa-key-pem.js';
import { randomSerialBytes } from './random-serial.js';
import { x509, subtle } from './x509-library.js';

export interface ControlPlaneCertificateOptions {
  /** DNS SANs: Kuma uses the host name and `localhost`. */
  readonly dnsNames: readonly string[];
  /** IP SANs: Kuma uses every interface address, loopback included. */
  readonly ips: readonly string[];
  /** The issuing instant. Default: the current time. */
  readonly now?: Date;
}

/** A server certificate and its PKCS#1 RSA key, both PEM. */
export interface ControlPlaneCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

const SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const BACKDATE_MS = 5 * 60 * 1000;
const VALIDITY_MS = 10 * 365 * 24 * 60 * 60 * 1000;

/**
 * The certificate Kuma's control plane generates for its own servers when no certificate file is
 * configured: self-signed and its own CA (basic constraints CA:TRUE), RSA 2048, an empty subject, a
 * random 128-bit serial, valid from 5 minutes before `now` for 10 years, key usage keyEncipherment +
 * digitalSignature + keyCertSign, extended key usage serverAuth, and the given DNS and IP SANs (IPs
 * sorted). Proxies trust it by being given this very certificate as their CA (`--ca-cert-file`).
 */
export async function createControlPlaneCertificate(options: ControlPlaneCertificateOptions): Promise<ControlPlaneCertificate> {
  const now = options.now ?? new Date();
  const keys = await subtle.generateKey({ ...SIGNING, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, [
    'sign',
    'verify',
  ]);
  const ips = [...new Set(options.ips)].sort();
  const generated = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialBytes().toString('hex'),
    subject: [],
    issuer: [],
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + VALIDITY_MS),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectAlternativeNameExtension([
        ...[...new Set(options.dnsNames)].map((value) => ({ type: 'dns' as const, value })),
        ...ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
  return { certPem: generated.toString('pem') + '\n', keyPem: await pkcs1Pem(keys.privateKey) };
}
