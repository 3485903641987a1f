import type { KeyObject } from 'node:crypto';
import { InvalidCaError } from './invalid-ca-error.js';
import { type SigningAlgorithm, type WebCryptoKey, subtle } from './x509-library.js';

/** A CA's private key in WebCrypto form, with the algorithm its signatures use. */
export interface CaSigningKey {
  readonly key: WebCryptoKey;
  readonly signingAlgorithm: SigningAlgorithm;
}

/**
 * The signature algorithm follows the key, as Go's `x509.CreateCertificate` picks it: SHA256-RSA
 * (PKCS#1 v1.5) for RSA, ECDSA with SHA-256 / SHA-384 / SHA-512 for P-256 / P-384 / P-521.
 */
const EC_CURVES: Readonly<Record<string, { readonly namedCurve: string; readonly hash: string }>> = {
  prime256v1: { namedCurve: 'P-256', hash: 'SHA-256' },
  secp384r1: { namedCurve: 'P-384', hash: 'SHA-384' },
  secp521r1: { namedCurve: 'P-521', hash: 'SHA-512' },
};

/** Imports a CA private key for signing; throws `InvalidCaError` for a key type this package cannot sign with. */
export async function importCaSigningKey(privateKey: KeyObject): Promise<CaSigningKey> {
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  if (privateKey.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { key: await subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']), signingAlgorithm: algorithm };
  }
  const curve = privateKey.asymmetricKeyType === 'ec' ? EC_CURVES[privateKey.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (curve !== undefined) {
    const algorithm = { name: 'ECDSA', namedCurve: curve.namedCurve };
    const key = await subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
    return { key, signingAlgorithm: { name: 'ECDSA', hash: curve.hash } };
  }
  const kind = [privateKey.asymmetricKeyType, privateKey.asymmetricKeyDetails?.namedCurve].filter(Boolean).join(' ');
  const reason = `unsupported CA key type ${kind || 'unknown'}`;
  throw new InvalidCaError(`the CA cannot sign: ${reason}`, reason);
}
