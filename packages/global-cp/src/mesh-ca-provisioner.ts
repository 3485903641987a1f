import type { Kysely, Transaction } from 'kysely';
import {
  builtinCaSecretNames,
  builtinCaSettings,
  parseKumaDuration,
  secretData,
  withComputedLabels,
  type Mesh,
  type Secret,
} from '@kumiko/api';
import { createBuiltinCa } from '@kumiko/pki';
import { getResource, putGlobalResourceIn, type KumikoDatabase } from '@kumiko/store';

/** A builtin backend's new CA, generated and waiting to be stored with its mesh. */
export interface PendingCa {
  readonly mesh: string;
  readonly backend: string;
  readonly certPem: string;
  readonly keyPem: string;
}

async function hasCaSecrets(db: Kysely<KumikoDatabase>, mesh: string, backend: string): Promise<boolean> {
  const names = builtinCaSecretNames(mesh, backend);
  const [cert, key] = await Promise.all([
    getResource(db, { type: 'Secret', mesh, name: names.cert }),
    getResource(db, { type: 'Secret', mesh, name: names.key }),
  ]);
  return cert !== undefined && key !== undefined;
}

/**
 * Kuma's builtin CA plugin (`EnsureBackends`): every `builtin` backend a mesh lists, enabled or not, gets a CA
 * once — an RSA key (`conf.caCert.RSAbits`, default 2048) and a self-signed certificate valid for
 * `conf.caCert.expiration` (default 10 years). A backend whose two Secrets exist keeps them: changing `conf`
 * later regenerates nothing. Generation happens here, before the mesh's transaction (a key takes tens of ms).
 */
export async function builtinCasToCreate(db: Kysely<KumikoDatabase>, mesh: Mesh): Promise<PendingCa[]> {
  const builtin = (mesh.mtls?.backends ?? []).filter((backend) => backend.type === 'builtin');
  const pending: PendingCa[] = [];
  for (const backend of builtin) {
    if (await hasCaSecrets(db, mesh.name, backend.name)) continue;
    const settings = builtinCaSettings(backend);
    const expirationMs = settings.expiration === undefined ? undefined : parseKumaDuration(settings.expiration);
    const ca = await createBuiltinCa({
      mesh: mesh.name,
      ...(settings.rsaBits === undefined ? {} : { rsaBits: settings.rsaBits }),
      ...(expirationMs === undefined || expirationMs <= 0 ? {} : { expirationSeconds: Math.floor(expirationMs / 1000) }),
    });
    pending.push({ mesh: mesh.name, backend: backend.name, ...ca });
  }
  return pending;
}

function secretInput(mesh: string, name: string, text: string) {
  const secret: Secret = withComputedLabels({ type: 'Secret', mesh, name, labels: {}, data: secretData(text) }, { mode: 'global' });
  return { type: 'Secret', subjectKind: 'secret', mesh, name, labels: secret.labels, resource: { ...secret } } as const;
}

/**
 * Stores the CAs inside the mesh's transaction, as the mesh's Secrets `<mesh>.ca-builtin-cert-<backend>` and
 * `<mesh>.ca-builtin-key-<backend>` (PEM, base64 in `data`), queued for every zone. A pair a concurrent writer
 * completed meanwhile is kept; a half-stored pair is replaced whole, so a key always matches its certificate.
 */
export async function storeCaSecrets(trx: Transaction<KumikoDatabase>, pending: readonly PendingCa[]): Promise<void> {
  for (const ca of pending) {
    if (await hasCaSecrets(trx, ca.mesh, ca.backend)) continue;
    const names = builtinCaSecretNames(ca.mesh, ca.backend);
    await putGlobalResourceIn(trx, secretInput(ca.mesh, names.cert, ca.certPem));
    await putGlobalResourceIn(trx, secretInput(ca.mesh, names.key, ca.keyPem));
  }
}
