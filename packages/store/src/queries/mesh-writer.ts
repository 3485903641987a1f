import { sql, type Kysely, type Transaction } from 'kysely';
import type { KumikoDatabase } from '../database-schema.js';
import { MESH_SCOPED_GLOBAL_VIEW } from '../global-view-kinds.js';
import { writeGlobalResourceRow } from './global-resource-writer.js';
import { lockOutboxWriters } from './outbox-writer-lock.js';
import { getResource, type StoredResource } from './resource-list-query.js';

/** A Mesh as written through the API: Kuma JSON form without `creationTime`/`modificationTime`. */
export interface MeshInput {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The whole resource (`type`, `name`, `labels` and the spec fields). */
  readonly resource: Readonly<Record<string, unknown>>;
}

export interface MeshWriterOptions {
  /** The zone projector's checkpoint name (see {@link lockOutboxWriters}). */
  readonly checkpoint: string;
}

async function writeMeshRow(trx: Transaction<KumikoDatabase>, mesh: MeshInput, previous: StoredResource | undefined): Promise<void> {
  await writeGlobalResourceRow(trx, { type: 'Mesh', subjectKind: 'mesh', mesh: '', ...mesh }, previous);
}

/**
 * Creates or replaces a mesh and queues it for every zone (GLOBAL) in the same transaction. `check` sees the
 * previous mesh (or `undefined`) while writers are held off, and may throw to refuse the change.
 */
export async function upsertMesh(
  db: Kysely<KumikoDatabase>,
  mesh: MeshInput,
  options: MeshWriterOptions & {
    readonly check?: (previous: StoredResource | undefined) => void;
    /** More writes in the same transaction, after the mesh row (its CA's Secrets). */
    readonly alongside?: (trx: Transaction<KumikoDatabase>) => Promise<void>;
  },
): Promise<{ readonly created: boolean }> {
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    const previous = await getResource(trx, { type: 'Mesh', mesh: '', name: mesh.name });
    options.check?.(previous);
    await writeMeshRow(trx, mesh, previous);
    await options.alongside?.(trx);
    return { created: previous === undefined };
  });
}

export type MeshDeletion = 'deleted' | 'not-found' | 'has-dataplanes';

/**
 * Deletes a mesh unless Dataplanes still exist in it (Kuma refuses then), with what else is left in the mesh
 * (insights), and queues its tombstone for every zone, all in one transaction.
 */
export async function deleteMesh(db: Kysely<KumikoDatabase>, name: string, options: MeshWriterOptions): Promise<MeshDeletion> {
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    const existing = await getResource(trx, { type: 'Mesh', mesh: '', name });
    if (existing === undefined) return 'not-found';
    const { rows } = await sql`SELECT 1 FROM resources WHERE type = 'Dataplane' AND mesh = ${name} LIMIT 1`.execute(trx);
    if (rows.length > 0) return 'has-dataplanes';
    // what zones hold of the mesh besides the mesh itself (its Secrets …) gets a tombstone of its own
    const kinds = [...MESH_SCOPED_GLOBAL_VIEW];
    if (kinds.length > 0) {
      const { rows: sent } = await sql<{ type: string; name: string }>`
        SELECT type, name FROM resources WHERE mesh = ${name} AND type = ANY(${kinds.map(([type]) => type)})`.execute(trx);
      for (const row of sent) {
        const kind = MESH_SCOPED_GLOBAL_VIEW.get(row.type) ?? '';
        await sql`INSERT INTO outbox (kind, mesh, name, zone, resource) VALUES (${kind}, ${name}, ${row.name}, NULL, NULL)`.execute(trx);
      }
    }
    await sql`DELETE FROM resources WHERE (type = 'Mesh' AND mesh = '' AND name = ${name}) OR (mesh = ${name} AND type <> 'Dataplane')`.execute(
      trx,
    );
    await sql`INSERT INTO outbox (kind, name, zone, resource) VALUES ('mesh', ${name}, NULL, NULL)`.execute(trx);
    return 'deleted';
  });
}

/**
 * Creates the default mesh once, at the first start of the store: a marker remembers it was done, so an
 * operator who deletes the mesh does not get it back at the next start. Returns whether it was created now.
 */
export async function ensureDefaultMesh(
  db: Kysely<KumikoDatabase>,
  mesh: MeshInput,
  options: MeshWriterOptions & {
    /** Writes made in the same transaction when the mesh is created (its default Secrets). */
    readonly alongside?: (trx: Transaction<KumikoDatabase>) => Promise<void>;
  },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    const marker = await sql`INSERT INTO control_plane_markers (name) VALUES ('default-mesh-created')
                             ON CONFLICT (name) DO NOTHING RETURNING name`.execute(trx);
    if (marker.rows.length === 0) return false;
    const previous = await getResource(trx, { type: 'Mesh', mesh: '', name: mesh.name });
    if (previous !== undefined) return false;
    await writeMeshRow(trx, mesh, undefined);
    await options.alongside?.(trx);
    return true;
  });
}
