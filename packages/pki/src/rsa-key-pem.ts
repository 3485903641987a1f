import { createPrivateKey } from 'node:crypto';
import { type WebCryptoKey, subtle } from './x509-library.js';

/**
 * The PEM Kuma writes for an RSA private key: PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`). WebCrypto exports
 * only PKCS#8, so the key is re-encoded through node:crypto. The key must be extractable.
 */
export async function pkcs1Pem(privateKey: WebCryptoKey): Promise<string> {
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', privateKey));
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs1', format: 'pem' }).toString();
}
