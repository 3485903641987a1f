import { createPublicKey, type KeyObject } from 'node:crypto';
import { secretText, type Secret } from '@kumiko/api';
import { dataplaneTokenRevocationsName, dataplaneTokenSigningKeyPrefix, parseRevocations, signingKeyName } from '@kumiko/pki';

/** How the authenticator reads a mesh's Secrets (the zone's GLOBAL replica). */
export type MeshSecretSource = (mesh: string, name: string) => Secret | undefined;

/** Kuma's name of a mesh's dataplane-token signing key `kid`: `dataplane-token-signing-key-<mesh>-<kid>`. */
export function dataplaneTokenKeyName(mesh: string, kid: string): string {
  const prefix = dataplaneTokenSigningKeyPrefix(mesh);
  return kid === '0' ? signingKeyName(prefix, 0) : `${prefix}-${kid}`;
}

/** Kuma's refusal of a token whose key is not (or no longer) in the mesh. */
export function missingDataplaneTokenKeyMessage(mesh: string, kid: string): string {
  return `there is no signing key with KID ${kid}. Secret of name "${dataplaneTokenKeyName(mesh, kid)}" in mesh "${mesh}" is not found. If signing key was rotated, regenerate the token`;
}

/**
 * The dataplane-token signing keys and revocations of each mesh, read from the replicated mesh Secrets whenever a
 * token is checked, so a new, rotated or deleted key and a new revocation count for the next stream. Parsing a
 * signing key's PEM costs about ten times the signature check, so the verification key is kept per Secret object:
 * the replica hands out a new object when the Secret changes, and an old one is dropped with it.
 */
export class MeshTokenKeys {
  private readonly keys = new WeakMap<Secret, KeyObject>();
  private readonly revocations = new WeakMap<Secret, ReadonlySet<string>>();

  constructor(private readonly secrets: MeshSecretSource) {}

  /** The key of `kid` in `mesh`: for RS256 its public half (parsed once), for the legacy HS256 the Secret's text. */
  signingKey(mesh: string, kid: string, alg: 'RS256' | 'HS256'): string | KeyObject | undefined {
    const secret = this.secrets(mesh, dataplaneTokenKeyName(mesh, kid));
    if (secret === undefined) return undefined;
    if (alg === 'HS256') return secretText(secret);
    let key = this.keys.get(secret);
    if (key === undefined) {
      key = createPublicKey(secretText(secret));
      this.keys.set(secret, key);
    }
    return key;
  }

  /** The revoked token ids of `mesh` (the mesh Secret `dataplane-token-revocations-<mesh>`, comma-separated). */
  revoked(mesh: string): ReadonlySet<string> {
    const secret = this.secrets(mesh, dataplaneTokenRevocationsName(mesh));
    if (secret === undefined) return new Set();
    let ids = this.revocations.get(secret);
    if (ids === undefined) {
      ids = parseRevocations(secretText(secret));
      this.revocations.set(secret, ids);
    }
    return ids;
  }
}
