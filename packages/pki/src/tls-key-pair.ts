import { type KeyObject, X509Certificate as NodeX509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { pemBlocks } from './pem-blocks.js';

/** A certificate chain and the private key of its first certificate, both parsed and known to match. */
export interface TlsKeyPair {
  /** The DER of every `CERTIFICATE` block of the cert PEM, in order. */
  readonly certificates: readonly Buffer[];
  readonly privateKey: KeyObject;
}

export type TlsKeyPairResult = { readonly ok: true; readonly pair: TlsKeyPair } | { readonly ok: false; readonly reason: string };

/**
 * Reads a cert PEM and a key PEM the way Go's `tls.X509KeyPair` does, which is how Kuma accepts a CA:
 * every `CERTIFICATE` block of the cert input, the first `… PRIVATE KEY` block of the key input (PKCS#1,
 * PKCS#8 or SEC 1), the first certificate parsed, and its public key equal to the private key's. A failure
 * carries Go's reason text (`tls: private key does not match public key`).
 */
export function readTlsKeyPair(certPem: string, keyPem: string): TlsKeyPairResult {
  const fail = (reason: string): TlsKeyPairResult => ({ ok: false, reason });

  const certBlocks = pemBlocks(certPem);
  const certificates = certBlocks.filter((block) => block.type === 'CERTIFICATE').map((block) => block.der);
  const first = certificates[0];
  if (first === undefined) {
    if (certBlocks.length === 0) return fail('tls: failed to find any PEM data in certificate input');
    if (certBlocks.every((block) => isPrivateKeyType(block.type)))
      return fail(
        'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
      );
    return fail(
      `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certBlocks.map((b) => b.type).join(' ')}]`,
    );
  }

  const keyBlocks = pemBlocks(keyPem);
  const keyBlock = keyBlocks.find((block) => isPrivateKeyType(block.type));
  if (keyBlock === undefined) {
    if (keyBlocks.length === 0) return fail('tls: failed to find any PEM data in key input');
    if (keyBlocks.every((block) => block.type === 'CERTIFICATE'))
      return fail('tls: found a certificate rather than a key in the PEM for the private key');
    return fail(
      `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${keyBlocks.map((b) => b.type).join(' ')}]`,
    );
  }

  let leafKey: KeyObject;
  try {
    leafKey = new NodeX509Certificate(first).publicKey;
  } catch {
    return fail('x509: malformed certificate');
  }
  const privateKey = parsePrivateKey(keyBlock.der);
  if (privateKey === undefined) return fail('tls: failed to parse private key');
  if (privateKey.asymmetricKeyType !== leafKey.asymmetricKeyType) return fail('tls: private key type does not match public key type');
  const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!derived.equals(leafKey.export({ type: 'spki', format: 'der' }))) return fail('tls: private key does not match public key');
  return { ok: true, pair: { certificates, privateKey } };
}

function isPrivateKeyType(type: string): boolean {
  return type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY');
}

/** Go tries PKCS#1, then PKCS#8, then SEC 1 (EC), whatever the block's type says. */
function parsePrivateKey(der: Buffer): KeyObject | undefined {
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}
