import { type Violation } from '@kumiko/api';
import { readTlsKeyPair } from './tls-key-pair.js';
import { x509 } from './x509-library.js';

/**
 * Kuma's checks of a `provided` mTLS backend's CA, with field paths relative to the backend's `conf`:
 * `cert` when the cert and key are not a valid TLS key pair (then nothing else is checked); otherwise, for
 * each certificate `i` of the cert PEM, at `cert[i]`, the X509-SVID rules for a signing certificate —
 * basic constraints CA:TRUE, key usage keyCertSign, no keyAgreement — in that order. A new array, empty
 * when the CA is acceptable.
 */
export function validateProvidedCa(certPem: string, keyPem: string): Violation[] {
  const read = readTlsKeyPair(certPem, keyPem);
  if (!read.ok) return [{ field: 'cert', message: `not a valid TLS key pair: ${read.reason}` }];
  const out: Violation[] = [];
  read.pair.certificates.forEach((der, i) => {
    const field = `cert[${i}]`;
    let certificate: x509.X509Certificate;
    try {
      certificate = new x509.X509Certificate(der);
    } catch (error) {
      out.push({ field, message: `not a valid x509 certificate: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    // Without the extensions Go reads CA as false and key usage as none.
    const isCa = certificate.getExtension(x509.BasicConstraintsExtension)?.ca ?? false;
    const usages = certificate.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
    if (!isCa) out.push({ field, message: "basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)" });
    if ((usages & x509.KeyUsageFlags.keyCertSign) === 0)
      out.push({ field, message: "key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)" });
    if ((usages & x509.KeyUsageFlags.keyAgreement) !== 0)
      out.push({ field, message: "key usage extension 'keyAgreement' must NOT be set (see X509-SVID: Appendix A. X.509 Field Reference)" });
  });
  return out;
}
