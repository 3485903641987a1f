import type { Kysely } from 'kysely';
import { decodeGlobalSecret, decodeSecret, secretText } from '@kumiko/api';
import { latestSigningKeySerial, signingKeyName, signingKeySerial } from '@kumiko/pki';
import type { KumikoDatabase } from '@kumiko/store';

/** Where one family of token signing keys is stored: mesh Secrets (dataplane tokens) or GlobalSecrets (`mesh: ''`). */
export interface SigningKeyFamily {
  readonly type: 'Secret' | 'GlobalSecret';
  readonly mesh: string;
  /** Names are `<prefix>-<serial>`. */
  readonly prefix: string;
}

/** A stored signing key: its serial (the tokens' `kid`) and its PEM. */
export interface StoredSigningKey {
  readonly serial: number;
  readonly pem: string;
}

async function familyRows(db: Kysely<KumikoDatabase>, family: SigningKeyFamily) {
  const rows = await db
    .selectFrom('resources')
    .select(['name', 'spec'])
    .where('type', '=', family.type)
    .where('mesh', '=', family.mesh)
    .where('name', 'like', `${family.prefix}%`)
    .execute();
  return rows.filter((row) => signingKeySerial(family.prefix, row.name) !== undefined);
}

/** The serials of the family's stored keys, ascending. */
export async function storedSigningKeySerials(db: Kysely<KumikoDatabase>, family: SigningKeyFamily): Promise<number[]> {
  const rows = await familyRows(db, family);
  return rows.map((row) => signingKeySerial(family.prefix, row.name) ?? 0).sort((a, b) => a - b);
}

/** The key new tokens are signed with: the family's highest serial (Kuma's rotation), or undefined when it has none. */
export async function latestStoredSigningKey(db: Kysely<KumikoDatabase>, family: SigningKeyFamily): Promise<StoredSigningKey | undefined> {
  const rows = await familyRows(db, family);
  const serial = latestSigningKeySerial(
    family.prefix,
    rows.map((row) => row.name),
  );
  if (serial === undefined) return undefined;
  const row = rows.find((candidate) => candidate.name === signingKeyName(family.prefix, serial));
  if (row === undefined) return undefined;
  const decoded = family.type === 'Secret' ? decodeSecret(row.spec) : decodeGlobalSecret(row.spec);
  return decoded.ok ? { serial, pem: secretText(decoded.value) } : undefined;
}
