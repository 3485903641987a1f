import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  builtinCaSecretNames,
  decodeMesh,
  ErrorTitles,
  isMeshMtlsEnabled,
  validationErrorBody,
  type FieldViolation,
  type Mesh,
  readResourceBody,
  resourceDeprecations,
  type ParseResult,
} from '@kumiko/api';
import {
  deleteMesh,
  ensureDefaultMesh,
  getResource,
  upsertMesh,
  type KumikoDatabase,
  type MeshInput,
  type StoredResource,
} from '@kumiko/store';
import type { DeleteOutcome } from '@kumiko/rest';
import { signingKeyToCreate, storeSigningKey } from './dataplane-token-signing-keys.js';
import { builtinCasToCreate, storeCaSecrets } from './mesh-ca-provisioner.js';
import { storedResourceJson } from './stored-resource-json.js';

export interface MeshServiceOptions {
  /** The zone projector's checkpoint name: mesh writes serialise with its batches. */
  readonly checkpoint: string;
  /** Called after a change queued an outbox row (wakes the relay). */
  readonly onOutbox: () => void;
  readonly logger: Logger;
}

/** A mesh change the manager refuses (Kuma's mesh validator), with its violations. */
export class MeshChangeRefusedError extends Error {
  override readonly name = 'MeshChangeRefusedError';
  readonly code = 'MESH_CHANGE_REFUSED';
  constructor(readonly violations: readonly FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
  }
}

/** CA backend types a Kuma global CP has plugins for. */
const CA_BACKEND_TYPES: ReadonlySet<string> = new Set(['builtin', 'provided']);

/** A lowercase RFC 1123 subdomain: what a builtin backend's Secret names must be. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kuma's builtin CA plugin's `ValidateBackend`: its Secrets' names must be valid and not too long. */
function builtinBackendViolations(mesh: Mesh): FieldViolation[] {
  const out: FieldViolation[] = [];
  (mesh.mtls?.backends ?? []).forEach((backend, i) => {
    if (backend.type !== 'builtin') return;
    const { cert } = builtinCaSecretNames(mesh.name, backend.name);
    const field = `mtls.backends[${i}].conf`;
    if (cert.length > 255) out.push({ field, message: 'Backend name is too long. Max length: 255' });
    if (!DNS_SUBDOMAIN.test(cert)) out.push({ field, message: `"${backend.name}" name must be valid dns name` });
  });
  return out;
}

/**
 * Kuma's mesh manager checks (create and update), after the spec's own validation: a new mesh's name fits 63
 * characters; no CA change while mTLS is on; known CA plugins; then each plugin's backend checks.
 */
function managerViolations(mesh: Mesh, previous: Mesh | undefined): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (previous === undefined && mesh.name.length > 63) {
    out.push({ field: 'name', message: 'cannot be longer than 63 characters' });
    return out;
  }
  if (
    previous !== undefined &&
    isMeshMtlsEnabled(previous) &&
    isMeshMtlsEnabled(mesh) &&
    previous.mtls?.enabledBackend !== mesh.mtls?.enabledBackend
  ) {
    out.push({
      field: 'mtls.enabledBackend',
      message: 'Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA',
    });
    return out;
  }
  const unknown = (mesh.mtls?.backends ?? []).findIndex((backend) => !CA_BACKEND_TYPES.has(backend.type));
  if (unknown >= 0) {
    out.push({ field: `mtls.backends[${unknown}].type`, message: 'could not find installed plugin for this type' });
    return out;
  }
  return builtinBackendViolations(mesh);
}

/** The stored form of a mesh: its Kuma JSON without store-managed times. */
function meshInput(mesh: Mesh): MeshInput {
  return { name: mesh.name, labels: mesh.labels, resource: storedResourceJson(mesh) };
}

function storedMesh(stored: StoredResource | undefined): Mesh | undefined {
  if (stored === undefined) return undefined;
  const decoded = decodeMesh(stored.spec);
  return decoded.ok ? decoded.value : undefined;
}

/** Meshes belong to the global CP: it validates them, stores them and sends them to every zone. */
export class MeshService {
  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    private readonly options: MeshServiceOptions,
  ) {}

  /** `PUT /meshes/{name}`: 201 when created, 200 when updated, or Kuma's 400 body. */
  async put(name: string, body: unknown): Promise<ParseResult<{ readonly created: boolean; readonly warnings: readonly string[] }>> {
    const read = readResourceBody<Mesh>(body, { type: 'Mesh', urlName: name, urlMesh: '', decode: decodeMesh }, { mode: 'global' });
    if (!read.ok) return read;
    const mesh = read.value;
    let created = false;
    // builtin CAs are generated before the transaction (a key takes tens of ms) and stored in it with the mesh
    const cas = await builtinCasToCreate(this.db, mesh);
    // a new mesh gets its dataplane-token signing key in the same transaction (generated before it, too)
    const exists = (await getResource(this.db, { type: 'Mesh', mesh: '', name: mesh.name })) !== undefined;
    const signingKey = exists ? undefined : await signingKeyToCreate(mesh.name);
    try {
      ({ created } = await upsertMesh(this.db, meshInput(mesh), {
        checkpoint: this.options.checkpoint,
        check: (previous) => {
          created = previous === undefined;
          const violations = managerViolations(mesh, storedMesh(previous));
          if (violations.length > 0) throw new MeshChangeRefusedError(violations);
        },
        alongside: async (trx) => {
          await storeCaSecrets(trx, cas);
          if (created && signingKey !== undefined) await storeSigningKey(trx, signingKey);
        },
      }));
    } catch (error) {
      if (!(error instanceof MeshChangeRefusedError)) throw error;
      return { ok: false, error: validationErrorBody(error.violations, created ? ErrorTitles.createResource : ErrorTitles.updateResource) };
    }
    this.options.onOutbox();
    this.options.logger.info({ mesh: name, created }, created ? 'mesh created' : 'mesh updated');
    return { ok: true, value: { created, warnings: resourceDeprecations(mesh) } };
  }

  /** `DELETE /meshes/{name}`: refused (400) while Dataplanes exist in the mesh, as Kuma refuses it. */
  async delete(name: string): Promise<DeleteOutcome> {
    const outcome = await deleteMesh(this.db, name, { checkpoint: this.options.checkpoint });
    if (outcome === 'not-found') return { status: 'not-found' };
    if (outcome === 'has-dataplanes') {
      return {
        status: 'refused',
        error: validationErrorBody(
          [{ field: 'mesh', message: 'unable to delete mesh, there are still some dataplanes attached' }],
          ErrorTitles.deleteResource,
        ),
      };
    }
    this.options.onOutbox();
    this.options.logger.info({ mesh: name }, 'mesh deleted');
    return { status: 'deleted' };
  }

  /** Creates the `default` mesh if this store never had it created before. */
  async ensureDefault(): Promise<boolean> {
    const decoded = decodeMesh({ type: 'Mesh', name: 'default' });
    if (!decoded.ok) throw new Error('the default mesh does not decode');
    const signingKey = await signingKeyToCreate(decoded.value.name);
    const created = await ensureDefaultMesh(this.db, meshInput(decoded.value), {
      checkpoint: this.options.checkpoint,
      alongside: (trx) => storeSigningKey(trx, signingKey),
    });
    if (created) {
      this.options.onOutbox();
      this.options.logger.info('default mesh created');
    }
    return created;
  }
}
