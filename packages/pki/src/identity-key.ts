import { createPrivateKey, createPublicKey } from 'node:crypto';
import { pkcs1Pem } from './rsa-key-pem.js';
import { subtle } from './x509-library.js';

/**
 * A proxy's key pair, kept so a certificate can be signed again (rotation, a changed CA) without a new
 * RSA key generation: generating costs tens of milliseconds, signing about one.
 */
export interface IdentityKey {
  /** The public key as DER SubjectPublicKeyInfo, as it goes into every certificate. */
  readonly publicKeySpki: Uint8Array;
  /** The private key as Kuma serves it to the proxy: PKCS#1 PEM. */
  readonly keyPem: string;
}

/** Kuma's choice for identity certificates: RSA 2048, e = 65537. */
const IDENTITY_KEY = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
} as const;

/** A new identity key. The generation runs on libuv's thread pool, not on the event loop. */
export async function generateIdentityKey(): Promise<IdentityKey> {
  const keys = await subtle.generateKey(IDENTITY_KEY, true, ['sign', 'verify']);
  const [spki, keyPem] = await Promise.all([subtle.exportKey('spki', keys.publicKey), pkcs1Pem(keys.privateKey)]);
  return { publicKeySpki: new Uint8Array(spki), keyPem };
}

/** The identity key of a stored private key PEM (PKCS#1 or PKCS#8), to re-sign for it; throws if it does not parse. */
export function importIdentityKey(keyPem: string): IdentityKey {
  const privateKey = createPrivateKey(keyPem);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { publicKeySpki: new Uint8Array(spki), keyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
}
