import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { pkcs1Pem } from './rsa-key-pem.js';
import { subtle } from './x509-library.js';

/**
 * The key types a proxy's identity can have. `rsa-2048` is Kuma's (RSA 2048, e = 65537): generating one costs
 * about 140 ms of CPU. `ecdsa-p256` (ECDSA on NIST P-256) costs about a tenth of a millisecond, and Envoy, gRPC
 * and Go all accept it in mTLS under an RSA CA.
 */
export const IdentityKeyTypes = { Rsa2048: 'rsa-2048', EcdsaP256: 'ecdsa-p256' } as const;
export type IdentityKeyType = (typeof IdentityKeyTypes)[keyof typeof IdentityKeyTypes];

/**
 * A proxy's key pair, kept so a certificate can be signed again (rotation, a changed CA) without generating a new
 * key.
 */
export interface IdentityKey {
  readonly type: IdentityKeyType;
  /** The public key as DER SubjectPublicKeyInfo, as it goes into every certificate. */
  readonly publicKeySpki: Uint8Array;
  /** The private key as served to the proxy: PKCS#1 PEM for RSA (as Kuma), SEC 1 PEM for ECDSA (as Go writes one). */
  readonly keyPem: string;
}

const RSA_2048 = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
} as const;

const generateEcKeyPair = promisify(generateKeyPair);

/** A new identity key, `rsa-2048` unless told. The generation runs on libuv's thread pool, not on the event loop. */
export async function generateIdentityKey(type: IdentityKeyType = IdentityKeyTypes.Rsa2048): Promise<IdentityKey> {
  if (type === IdentityKeyTypes.EcdsaP256) {
    const { privateKey } = await generateEcKeyPair('ec', { namedCurve: 'P-256' });
    return identityKeyOf(privateKey);
  }
  const keys = await subtle.generateKey(RSA_2048, true, ['sign', 'verify']);
  const [spki, keyPem] = await Promise.all([subtle.exportKey('spki', keys.publicKey), pkcs1Pem(keys.privateKey)]);
  return { type, publicKeySpki: new Uint8Array(spki), keyPem };
}

/** The identity key of a stored private key PEM (PKCS#1, PKCS#8 or SEC 1); throws if it does not parse or is of another type. */
export function importIdentityKey(keyPem: string): IdentityKey {
  return identityKeyOf(createPrivateKey(keyPem));
}

function identityKeyOf(privateKey: KeyObject): IdentityKey {
  const spki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  const { asymmetricKeyType, asymmetricKeyDetails } = privateKey;
  if (asymmetricKeyType === 'ec' && asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return { type: IdentityKeyTypes.EcdsaP256, publicKeySpki: spki, keyPem: privateKey.export({ type: 'sec1', format: 'pem' }).toString() };
  if (asymmetricKeyType === 'rsa')
    return { type: IdentityKeyTypes.Rsa2048, publicKeySpki: spki, keyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
  throw new TypeError(
    `an identity key is RSA or ECDSA P-256, not ${[asymmetricKeyType, asymmetricKeyDetails?.namedCurve].filter(Boolean).join(' ')}`,
  );
}
