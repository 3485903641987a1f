import type { Kysely, Transaction } from 'kysely';
import { secretData, secretText, withComputedLabels, type Secret } from '@kumiko/api';
import { dataplaneTokenSigningKeyPrefix, generateTokenSigningKeyPem, latestSigningKeySerial, signingKeyName } from '@kumiko/pki';
import { getResource, putGlobalResourceIn, type KumikoDatabase } from '@kumiko/store';

/** A mesh's first dataplane-token signing key, generated and waiting to be stored with its mesh. */
export interface PendingSigningKey {
  readonly mesh: string;
  readonly keyPem: string;
}

/**
 * Kuma's mesh defaults: a new mesh gets the signing key of its dataplane tokens, the mesh Secret
 * `dataplane-token-signing-key-<mesh>-1`. Generated before the mesh's transaction (an RSA key takes tens of ms).
 */
export async function signingKeyToCreate(mesh: string): Promise<PendingSigningKey> {
  return { mesh, keyPem: await generateTokenSigningKeyPem() };
}

/** Stores the key in the mesh's transaction, queued for every zone, unless the mesh already has its first key. */
export async function storeSigningKey(trx: Transaction<KumikoDatabase>, pending: PendingSigningKey): Promise<void> {
  const name = signingKeyName(dataplaneTokenSigningKeyPrefix(pending.mesh), 1);
  if ((await getResource(trx, { type: 'Secret', mesh: pending.mesh, name })) !== undefined) return;
  const secret: Secret = withComputedLabels(
    { type: 'Secret', mesh: pending.mesh, name, labels: {}, data: secretData(pending.keyPem) },
    { mode: 'global' },
  );
  await putGlobalResourceIn(trx, {
    type: 'Secret',
    subjectKind: 'secret',
    mesh: pending.mesh,
    name,
    labels: secret.labels,
    resource: { ...secret },
  });
}

/** The signing key new tokens of `mesh` use: the Secret with the highest serial, or undefined when there is none. */
export async function latestSigningKey(
  db: Kysely<KumikoDatabase>,
  mesh: string,
): Promise<{ readonly serial: number; readonly pem: string } | undefined> {
  const prefix = dataplaneTokenSigningKeyPrefix(mesh);
  const rows = await db
    .selectFrom('resources')
    .select(['name', 'spec'])
    .where('type', '=', 'Secret')
    .where('mesh', '=', mesh)
    .where('name', 'like', `${prefix}%`)
    .execute();
  const serial = latestSigningKeySerial(
    prefix,
    rows.map((row) => row.name),
  );
  if (serial === undefined) return undefined;
  const row = rows.find((candidate) => candidate.name === signingKeyName(prefix, serial));
  if (row === undefined) return undefined;
  return { serial, pem: secretText(row.spec as unknown as Secret) };
}
