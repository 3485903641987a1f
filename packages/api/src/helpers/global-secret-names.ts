/**
 * The GlobalSecrets Kuma's control plane itself reads and writes, by name. Signing keys are named
 * `<prefix>-<serial>`; each private key has its public half under the matching public prefix and serial.
 */
export const GlobalSecretNames = {
  /** RSA private keys that sign zone tokens (global only). */
  zoneTokenSigningKeyPrefix: 'zone-token-signing-key',
  /** Their public halves (PEM `PUBLIC KEY`), with which zones check zone tokens. */
  zoneTokenSigningPublicKeyPrefix: 'zone-token-signing-public-key',
  /** RSA private keys that sign user tokens (global only). */
  userTokenSigningKeyPrefix: 'user-token-signing-key',
  /** Their public halves (PEM `PUBLIC KEY`). */
  userTokenSigningPublicKeyPrefix: 'user-token-signing-public-key',
  /** Revoked zone-token ids (`jti`), comma-separated. */
  zoneTokenRevocations: 'zone-token-revocations',
  /** Revoked user-token ids (`jti`), comma-separated. */
  userTokenRevocations: 'user-token-revocations',
  /** The raw JWT of the bootstrap admin's user token. */
  adminUserToken: 'admin-user-token',
} as const;
