import type { Kysely, Transaction } from 'kysely';
import { GlobalSecretNames } from '@kumiko/api';
import { generateTokenSigningKeyPem, signingKeyName, signingPublicKeyPem } from '@kumiko/pki';
import { lockOutboxWriters, putGlobalResourceIn, type KumikoDatabase } from '@kumiko/store';
import { globalSecretInput, readGlobalSecretText } from './global-secret-input.js';
import { storedSigningKeySerials, type SigningKeyFamily } from './stored-signing-keys.js';

/** A token kind the global CP signs with GlobalSecret keys: its private-key family and the prefix of their public halves. */
export interface GlobalSigningKeyKind {
  readonly family: SigningKeyFamily;
  readonly publicPrefix: string;
}

function globalKind(prefix: string, publicPrefix: string): GlobalSigningKeyKind {
  return { family: { type: 'GlobalSecret', mesh: '', prefix }, publicPrefix };
}

/** Zone tokens: `zone-token-signing-key-<n>`, zones check them with `zone-token-signing-public-key-<n>`. */
export const ZONE_TOKEN_SIGNING_KEYS = globalKind(
  GlobalSecretNames.zoneTokenSigningKeyPrefix,
  GlobalSecretNames.zoneTokenSigningPublicKeyPrefix,
);
/** User tokens: `user-token-signing-key-<n>`, with their public halves `user-token-signing-public-key-<n>`. */
export const USER_TOKEN_SIGNING_KEYS = globalKind(
  GlobalSecretNames.userTokenSigningKeyPrefix,
  GlobalSecretNames.userTokenSigningPublicKeyPrefix,
);

/** Stores the public half of every private key of `kind` that lacks one. Inside a transaction holding the outbox lock. */
async function storePublicHalves(trx: Transaction<KumikoDatabase>, kind: GlobalSigningKeyKind): Promise<void> {
  const privateSerials = await storedSigningKeySerials(trx, kind.family);
  const publicSerials = new Set(await storedSigningKeySerials(trx, { ...kind.family, prefix: kind.publicPrefix }));
  for (const serial of privateSerials) {
    if (publicSerials.has(serial)) continue;
    const pem = await readGlobalSecretText(trx, signingKeyName(kind.family.prefix, serial));
    if (pem === undefined) continue;
    await putGlobalResourceIn(trx, globalSecretInput(signingKeyName(kind.publicPrefix, serial), signingPublicKeyPem(pem)));
  }
}

/**
 * Kuma's defaults on the global CP: each kind gets its first signing key `<prefix>-1` (RSA-2048, PEM `RSA PRIVATE
 * KEY`) when it has none, and every private key gets its public half (PEM `PUBLIC KEY`), which is what zones receive.
 * Idempotent: run at every start and after an admin writes a signing key (rotation adds `<prefix>-<n+1>`).
 * Race-safe across global instances sharing the database: the check and the writes run in one transaction holding
 * the outbox writer lock, so a second instance waits and then finds the keys. A key is generated before the
 * transaction (tens of ms) only when none was seen, and dropped if another instance stored one first.
 */
export async function ensureGlobalSigningKeys(
  db: Kysely<KumikoDatabase>,
  kinds: readonly GlobalSigningKeyKind[],
  options: { readonly checkpoint: string },
): Promise<{ readonly created: readonly string[] }> {
  const fresh = new Map<GlobalSigningKeyKind, string>();
  for (const kind of kinds) {
    if ((await storedSigningKeySerials(db, kind.family)).length === 0) fresh.set(kind, await generateTokenSigningKeyPem());
  }
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    const created: string[] = [];
    for (const kind of kinds) {
      const pem = fresh.get(kind);
      if (pem !== undefined && (await storedSigningKeySerials(trx, kind.family)).length === 0) {
        const name = signingKeyName(kind.family.prefix, 1);
        await putGlobalResourceIn(trx, globalSecretInput(name, pem));
        created.push(name);
      }
      await storePublicHalves(trx, kind);
    }
    return { created };
  });
}
