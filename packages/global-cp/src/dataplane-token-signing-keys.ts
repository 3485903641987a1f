import type { Kysely, Transaction } from 'kysely';
import { secretData, withComputedLabels, type Secret } from '@kumiko/api';
import { dataplaneTokenSigningKeyPrefix, generateTokenSigningKeyPem, signingKeyName } from '@kumiko/pki';
import { getResource, lockOutboxWriters, putGlobalResourceIn, type KumikoDatabase } from '@kumiko/store';
import { latestStoredSigningKey, type StoredSigningKey } from './stored-signing-keys.js';

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
export function latestSigningKey(db: Kysely<KumikoDatabase>, mesh: string): Promise<StoredSigningKey | undefined> {
  return latestStoredSigningKey(db, { type: 'Secret', mesh, prefix: dataplaneTokenSigningKeyPrefix(mesh) });
}

/**
 * Gives every stored mesh without a dataplane-token signing key its first one: meshes created before the control
 * plane made keys with its meshes (an upgrade) would otherwise refuse every token request with 404. Each key is
 * stored in a transaction holding the outbox writer lock (the mesh's `storeSigningKey` skips a mesh another
 * instance served first). Resolves to the meshes that got one.
 */
export async function ensureMeshSigningKeys(db: Kysely<KumikoDatabase>, options: { readonly checkpoint: string }): Promise<string[]> {
  const meshes = await db.selectFrom('resources').select('name').where('type', '=', 'Mesh').execute();
  const created: string[] = [];
  for (const { name: mesh } of meshes) {
    if ((await latestSigningKey(db, mesh)) !== undefined) continue;
    const pending = await signingKeyToCreate(mesh);
    await db.transaction().execute(async (trx) => {
      await lockOutboxWriters(trx, options.checkpoint);
      await storeSigningKey(trx, pending);
    });
    created.push(mesh);
  }
  return created;
}
