import { readFile } from 'node:fs/promises';
import { builtinCaSecretNames, enabledCaBackend, secretText, type CertificateAuthorityBackend, type Mesh, type Secret } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import { loadCa, type CertificateAuthority } from '@kumiko/pki';
import type { GlobalReplica } from '../global-replica.js';

/** What the CA source reads of the global view: the mesh's Secrets. */
export type SecretSource = Pick<GlobalReplica, 'get'>;

/** A mesh's CA as proxies of the mesh need it: the signer of their certificates and the chain they trust. */
export interface MeshCa {
  readonly mesh: string;
  readonly backend: string;
  readonly ca: CertificateAuthority;
  /** What the mesh's `mtls` block and the CA material were when it was loaded: a change means "load it again". */
  readonly fingerprint: string;
}

/** Why a mesh's identity certificates cannot be issued now (Kuma's messages). */
export class MeshCaUnavailableError extends Error {
  override readonly name = 'MeshCaUnavailableError';
  readonly code = 'MESH_CA_UNAVAILABLE';
}

/** A `provided` backend's `cert` / `key` data source: a Secret of the mesh, a file, or inline bytes or text. */
async function readDataSource(source: unknown, mesh: string, secrets: SecretSource): Promise<string | undefined> {
  if (typeof source !== 'object' || source === null) return undefined;
  const { secret, file, inline, inlineString } = source as Record<string, unknown>;
  if (typeof secret === 'string' && secret !== '') {
    const stored = secrets.get(SubjectKinds.Secret, secret, mesh) as Secret | undefined;
    return stored === undefined ? undefined : secretText(stored);
  }
  if (typeof inlineString === 'string' && inlineString !== '') return inlineString;
  if (typeof inline === 'string' && inline !== '') return Buffer.from(inline, 'base64').toString('utf8');
  if (typeof file === 'string' && file !== '') return readFile(file, 'utf8');
  return undefined;
}

async function caMaterial(mesh: string, backend: CertificateAuthorityBackend, secrets: SecretSource) {
  if (backend.type === 'builtin') {
    const names = builtinCaSecretNames(mesh, backend.name);
    const cert = secrets.get(SubjectKinds.Secret, names.cert, mesh) as Secret | undefined;
    const key = secrets.get(SubjectKinds.Secret, names.key, mesh) as Secret | undefined;
    return cert === undefined || key === undefined ? undefined : { certPem: secretText(cert), keyPem: secretText(key) };
  }
  const [certPem, keyPem] = await Promise.all([
    readDataSource(backend.conf?.['cert'], mesh, secrets),
    readDataSource(backend.conf?.['key'], mesh, secrets),
  ]);
  return certPem === undefined || keyPem === undefined ? undefined : { certPem, keyPem };
}

/**
 * The CA of each mesh's enabled mTLS backend, loaded from what the global sent this zone: a `builtin` backend's two
 * Secrets, or a `provided` backend's data sources. Loaded once per (mTLS block, CA material) and shared by every
 * proxy of the mesh; a changed Secret or `mtls` block loads it again.
 */
export class MeshCaSource {
  private readonly loaded = new Map<string, Promise<MeshCa>>();
  /** mesh → its loaded CA while the inputs below are still what it was read from. */
  private readonly current = new Map<string, MeshCa>();
  /** mesh → the objects its CA was last read from (the `mtls` block, the builtin Secrets): unchanged means cached. */
  private readonly inputs = new Map<string, CaInputs>();

  constructor(private readonly secrets: SecretSource) {}

  /**
   * The mesh's CA; rejects with Kuma's message when mTLS is on but the CA cannot be had. Calls for the same inputs
   * share one load: a CA change reaches every proxy of the mesh at once, and each load imports the key again.
   */
  caOf(mesh: Mesh): Promise<MeshCa> {
    const backend = enabledCaBackend(mesh);
    if (backend === undefined)
      return Promise.reject(new MeshCaUnavailableError(`CA default backend in mesh "${mesh.name}" has to be defined`));
    const current = this.inputsOf(mesh, backend);
    const cached = this.loaded.get(mesh.name);
    // the common case, every publish of every proxy: nothing the CA is read from changed (same objects)
    if (current !== undefined && cached !== undefined && sameInputs(this.inputs.get(mesh.name), current)) return cached;
    this.current.delete(mesh.name);
    const resolving = this.resolve(mesh, backend, cached);
    if (current !== undefined) this.inputs.set(mesh.name, current);
    this.loaded.set(mesh.name, resolving);
    resolving.then(
      (ca) => {
        if (this.loaded.get(mesh.name) === resolving) this.current.set(mesh.name, ca);
      },
      () => undefined,
    );
    return resolving;
  }

  /** Reads the CA material; the CA of `cached` when it is the same, otherwise a new load. */
  private async resolve(mesh: Mesh, backend: CertificateAuthorityBackend, cached: Promise<MeshCa> | undefined): Promise<MeshCa> {
    const material = await caMaterial(mesh.name, backend, this.secrets);
    const failed = () => new MeshCaUnavailableError(`failed to load CA key pair for Mesh "${mesh.name}" and backend "${backend.name}"`);
    if (material === undefined) throw failed();
    const fingerprint = JSON.stringify([mesh.mtls, material.certPem, material.keyPem]);
    const previous = await cached?.catch(() => undefined);
    if (previous?.fingerprint === fingerprint) return previous;
    try {
      return { mesh: mesh.name, backend: backend.name, ca: await loadCa(material.certPem, material.keyPem), fingerprint };
    } catch (error) {
      throw Object.assign(failed(), { cause: error });
    }
  }

  /**
   * The mesh's CA at once, when it is loaded and nothing it is read from changed since (the same `mtls` block and
   * builtin Secrets); otherwise `undefined`, and {@link caOf} says. Always `undefined` for a `provided` backend,
   * whose files may change unseen.
   */
  loadedCaOf(mesh: Mesh): MeshCa | undefined {
    const backend = enabledCaBackend(mesh);
    const current = backend === undefined ? undefined : this.inputsOf(mesh, backend);
    const ca = this.current.get(mesh.name);
    return current !== undefined && ca?.backend === backend?.name && sameInputs(this.inputs.get(mesh.name), current) ? ca : undefined;
  }

  /** What a builtin backend's CA is read from, as objects; `undefined` for a provided backend. */
  private inputsOf(mesh: Mesh, backend: CertificateAuthorityBackend): CaInputs | undefined {
    if (backend.type !== 'builtin') return undefined;
    const names = builtinCaSecretNames(mesh.name, backend.name);
    return {
      mtls: mesh.mtls,
      cert: this.secrets.get(SubjectKinds.Secret, names.cert, mesh.name),
      key: this.secrets.get(SubjectKinds.Secret, names.key, mesh.name),
    };
  }
}

interface CaInputs {
  readonly mtls: unknown;
  readonly cert: unknown;
  readonly key: unknown;
}

function sameInputs(a: CaInputs | undefined, b: CaInputs): boolean {
  return a !== undefined && a.mtls === b.mtls && a.cert === b.cert && a.key === b.key;
}
