import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import {
  builtinCaSecretNames,
  decodeMesh,
  descriptorOf,
  ErrorTitles,
  internalErrorBody,
  readResourceBody,
  resourceDeprecations,
  validationErrorBody,
  withComputedLabels,
  type FieldViolation,
  type Mesh,
  type ResourceType,
} from '@kumiko/api';
import type { ResourceWriter } from '@kumiko/rest';
import { storedResourceJson } from '../stored-resource-json.js';
import { deleteGlobalResource, getResource, upsertGlobalResource, type KumikoDatabase } from '@kumiko/store';

export interface GlobalOwnedWriterOptions {
  readonly checkpoint: string;
  /** Called after a change queued an outbox row (wakes the relay). */
  readonly onOutbox: () => void;
  readonly logger: Logger;
}

/** A deletion Kuma's manager refuses, with its violations. */
class DeletionRefusedError extends Error {
  constructor(readonly violations: readonly FieldViolation[]) {
    super(violations.map((violation) => violation.message).join('; '));
  }
}

/** The Secrets a mesh's mTLS backends use: the builtin CA's two, or a provided backend's `cert` and `key` secrets. */
function usedSecrets(mesh: Mesh): { readonly secret: string; readonly backend: string }[] {
  return (mesh.mtls?.backends ?? []).flatMap((backend) => {
    if (backend.type === 'builtin') {
      const names = builtinCaSecretNames(mesh.name, backend.name);
      return [names.cert, names.key].map((secret) => ({ secret, backend: backend.name }));
    }
    return ['cert', 'key'].flatMap((part) => {
      const source = backend.conf?.[part] as { secret?: unknown } | undefined;
      return typeof source?.secret === 'string' ? [{ secret: source.secret, backend: backend.name }] : [];
    });
  });
}

/** Kuma's secret validator: a Secret an mTLS backend of its mesh uses cannot be deleted. */
async function secretInUse(db: Kysely<KumikoDatabase>, mesh: string, name: string): Promise<FieldViolation | undefined> {
  const stored = await getResource(db, { type: 'Mesh', mesh: '', name: mesh });
  const decoded = stored === undefined ? undefined : decodeMesh(stored.spec);
  if (decoded === undefined || !decoded.ok) return undefined;
  const use = usedSecrets(decoded.value).find((candidate) => candidate.secret === name);
  if (use === undefined) return undefined;
  return {
    field: 'name',
    message:
      `The secret "${name}" that you are trying to remove is currently in use in Mesh "${mesh}" in mTLS backend "${use.backend}". ` +
      `Please remove the reference from the "${use.backend}" backend before removing the secret.`,
  };
}

/**
 * Writes of a type the global owns and sends to zones (Secrets, GlobalSecrets): PUT is read and validated as
 * Kuma's API server does, gets the labels Kuma computes on the global, and is stored with its outbox row in one
 * transaction; DELETE queues a tombstone. Deleting a Secret an mTLS backend uses is refused with Kuma's message.
 */
export function globalOwnedWriter(db: Kysely<KumikoDatabase>, type: ResourceType, options: GlobalOwnedWriterOptions): ResourceWriter {
  const descriptor = descriptorOf(type);
  const key = (mesh: string, name: string) => ({ type: type as never, subjectKind: descriptor.subjectKind, mesh, name });
  return {
    async put(at, body) {
      const mesh = at.mesh ?? '';
      const read = readResourceBody(body, { type, urlName: at.name, urlMesh: mesh, decode: descriptor.decode }, { mode: 'global' });
      if (!read.ok) return read;
      const resource = withComputedLabels(read.value, { mode: 'global' });
      try {
        const { created } = await upsertGlobalResource(
          db,
          { ...key(mesh, at.name), labels: resource.labels, resource: storedResourceJson(resource) },
          options,
        );
        options.onOutbox();
        return { ok: true, value: { created, warnings: resourceDeprecations(read.value) } };
      } catch (error) {
        options.logger.error({ err: error, type, mesh, name: at.name }, 'resource not written');
        return { ok: false, error: internalErrorBody(ErrorTitles.updateResource) };
      }
    },
    async delete(at) {
      const mesh = at.mesh ?? '';
      try {
        const outcome = await deleteGlobalResource(db, key(mesh, at.name), {
          ...options,
          check: async (_existing, trx) => {
            if (type !== 'Secret') return;
            const inUse = await secretInUse(trx, mesh, at.name);
            if (inUse !== undefined) throw new DeletionRefusedError([inUse]);
          },
        });
        if (outcome === 'not-found') return { status: 'not-found' };
        options.onOutbox();
        return { status: 'deleted' };
      } catch (error) {
        if (error instanceof DeletionRefusedError)
          return { status: 'refused', error: validationErrorBody(error.violations, ErrorTitles.deleteResource) };
        options.logger.error({ err: error, type, mesh, name: at.name }, 'resource not deleted');
        return { status: 'refused', error: internalErrorBody(ErrorTitles.deleteResource) };
      }
    },
  };
}
