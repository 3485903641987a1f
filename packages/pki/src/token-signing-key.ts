import { createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/**
 * A new token signing key as Kuma stores it in a signing-key Secret's `data`: an RSA-2048 private key, PEM
 * `RSA PRIVATE KEY` (PKCS#1).
 */
export async function generateTokenSigningKeyPem(): Promise<string> {
  const { privateKey } = await generate('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return privateKey;
}

/** Kuma's signing-key Secret name for a serial: `<prefix>-<serial>`; serial 0 is the bare prefix (legacy). */
export function signingKeyName(prefix: string, serial: number): string {
  return serial === 0 ? prefix : `${prefix}-${serial}`;
}

/** The serial a signing-key Secret name holds, or undefined when the name is not one of `prefix`'s keys. */
export function signingKeySerial(prefix: string, name: string): number | undefined {
  if (name === prefix) return 0;
  if (!name.startsWith(`${prefix}-`)) return undefined;
  const rest = name.slice(prefix.length + 1);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

/** The key new tokens are signed with: the one with the highest serial (Kuma's rotation), or undefined. */
export function latestSigningKeySerial(prefix: string, names: readonly string[]): number | undefined {
  let latest: number | undefined;
  for (const name of names) {
    const serial = signingKeySerial(prefix, name);
    if (serial !== undefined && (latest === undefined || serial > latest)) latest = serial;
  }
  return latest;
}

/** The mesh Secret prefix of Kuma's dataplane-token signing keys: `dataplane-token-signing-key-<mesh>`. */
export function dataplaneTokenSigningKeyPrefix(mesh: string): string {
  return `dataplane-token-signing-key-${mesh}`;
}

/**
 * The Secret holding revoked dataplane-token ids of a mesh: `dataplane-token-revocations-<mesh>`, whose data is a
 * comma-separated list of token ids (`jti`). Kumiko reads it as a Secret of the mesh, as Kuma's docs describe it.
 */
export function dataplaneTokenRevocationsName(mesh: string): string {
  return `dataplane-token-revocations-${mesh}`;
}

/** The public half of a signing key (PEM `PUBLIC KEY`, SPKI), which checks tokens but cannot issue them. */
export function signingPublicKeyPem(signingKeyPem: string): string {
  return createPublicKey(signingKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Kuma's reason for a token whose `kid` names no stored key: the key's GlobalSecret (no mesh) or mesh Secret by name.
 */
export function missingSigningKeyMessage(kid: string, name: string, mesh?: string): string {
  const where = mesh === undefined ? `GlobalSecret of name "${name}"` : `Secret of name "${name}" in mesh "${mesh}"`;
  return `there is no signing key with KID ${kid}. ${where} is not found. If signing key was rotated, regenerate the token`;
}
