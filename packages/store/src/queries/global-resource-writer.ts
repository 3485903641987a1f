import { sql, type Kysely, type Transaction } from 'kysely';
import type { KumikoDatabase } from '../database-schema.js';
import { lockOutboxWriters } from './outbox-writer-lock.js';
import { getResource, type StoredResource } from './resource-list-query.js';
import type { ListedResourceType } from './resource-list-query.js';

/**
 * A resource the global CP owns and sends to every zone (a Secret, later the policies), as written: Kuma JSON
 * form without `creationTime` / `modificationTime`, and the subject kind its GLOBAL messages use.
 */
export interface GlobalResourceInput {
  readonly type: ListedResourceType;
  readonly subjectKind: string;
  /** `''` for global-scoped types. */
  readonly mesh: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The whole resource (`type`, `mesh`, `name`, `labels` and the spec fields). */
  readonly resource: Readonly<Record<string, unknown>>;
}

export interface GlobalResourceWriterOptions {
  /** The zone projector's checkpoint name (see {@link lockOutboxWriters}). */
  readonly checkpoint: string;
}

/**
 * Stores `input` over `previous` (kept: its creation time; counted: its version) and queues its GLOBAL entry, with its
 * times, for every zone. The caller holds the outbox writer lock.
 */
export async function writeGlobalResourceRow(
  trx: Transaction<KumikoDatabase>,
  input: GlobalResourceInput,
  previous: StoredResource | undefined,
): Promise<void> {
  const now = new Date();
  const creation = previous?.creationTime ?? now;
  await sql`
    INSERT INTO resources AS r (type, mesh, name, display_name, zone, spec, labels, tag_sets, version, source_seq, creation_time, modification_time)
    VALUES (${input.type}, ${input.mesh}, ${input.name}, ${input.name}, NULL, ${JSON.stringify(input.resource)}::json,
            ${JSON.stringify(input.labels)}::jsonb, NULL, 1, 0, ${creation}, ${now})
    ON CONFLICT (type, mesh, name) DO UPDATE SET
      spec = excluded.spec, labels = excluded.labels, version = r.version + 1, modification_time = excluded.modification_time`.execute(trx);
  const entry = { ...input.resource, creationTime: creation.toISOString(), modificationTime: now.toISOString() };
  await sql`INSERT INTO outbox (kind, mesh, name, zone, resource)
            VALUES (${input.subjectKind}, ${input.mesh}, ${input.name}, NULL, ${JSON.stringify(entry)}::jsonb)`.execute(trx);
}

/**
 * Writes `input` inside a transaction that already holds the outbox writer lock (a mesh write creating its CA's
 * Secrets): creates it, or replaces what is stored under its key. Returns what was stored before.
 */
export async function putGlobalResourceIn(
  trx: Transaction<KumikoDatabase>,
  input: GlobalResourceInput,
): Promise<StoredResource | undefined> {
  const previous = await getResource(trx, { type: input.type, mesh: input.mesh, name: input.name });
  await writeGlobalResourceRow(trx, input, previous);
  return previous;
}

/**
 * Creates or replaces a global-owned resource and queues it for every zone (GLOBAL) in one transaction. `check`
 * sees the previous resource (or `undefined`) while writers are held off, and may throw to refuse the change.
 */
export async function upsertGlobalResource(
  db: Kysely<KumikoDatabase>,
  input: GlobalResourceInput,
  options: GlobalResourceWriterOptions & { readonly check?: (previous: StoredResource | undefined) => void | Promise<void> },
): Promise<{ readonly created: boolean }> {
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    const previous = await getResource(trx, { type: input.type, mesh: input.mesh, name: input.name });
    await options.check?.(previous);
    await writeGlobalResourceRow(trx, input, previous);
    return { created: previous === undefined };
  });
}

/**
 * Deletes a global-owned resource and queues its tombstone for every zone, in one transaction. `check` sees the
 * resource while writers are held off and may throw to refuse the deletion.
 */
export async function deleteGlobalResource(
  db: Kysely<KumikoDatabase>,
  key: Pick<GlobalResourceInput, 'type' | 'subjectKind' | 'mesh' | 'name'>,
  options: GlobalResourceWriterOptions & { readonly check?: (existing: StoredResource, trx: Transaction<KumikoDatabase>) => Promise<void> },
): Promise<'deleted' | 'not-found'> {
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    const existing = await getResource(trx, { type: key.type, mesh: key.mesh, name: key.name });
    if (existing === undefined) return 'not-found';
    await options.check?.(existing, trx);
    await sql`DELETE FROM resources WHERE type = ${key.type} AND mesh = ${key.mesh} AND name = ${key.name}`.execute(trx);
    await sql`INSERT INTO outbox (kind, mesh, name, zone, resource) VALUES (${key.subjectKind}, ${key.mesh}, ${key.name}, NULL, NULL)`.execute(
      trx,
    );
    return 'deleted';
  });
}
