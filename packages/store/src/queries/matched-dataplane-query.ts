import { sql, type Kysely } from 'kysely';
import type { KumikoDatabase } from '../database-schema.js';
import type { DataplanePosition } from './dataplane-changes-query.js';
import type { GatewayFilter, TagCondition } from '@kumiko/api';
import { resourceWhereClause, toStored, type ResourcePage, type ResourceRow } from './resource-list-query.js';

export interface DataplaneKey {
  readonly mesh: string;
  readonly name: string;
}

export interface MatchedDataplaneQuery {
  /** `undefined`: every mesh. */
  readonly mesh?: string;
  /** The Dataplanes that matched the filter as of `position` (e.g. evaluated on an in-memory read model). */
  readonly matched: readonly DataplaneKey[];
  readonly position: DataplanePosition;
  /** The same filter, evaluated here on the Dataplanes written or deleted after `position`. */
  readonly filter: { readonly nameContains?: string; readonly tags?: readonly TagCondition[]; readonly gateway?: GatewayFilter };
  readonly withInsight?: boolean;
  readonly offset: number;
  readonly size: number;
}

/**
 * (mesh, name) order, as Kuma sorts lists. Code-unit order equals bytewise order for the characters names
 * may contain (RFC 1123 names, Kuma's mesh charset).
 */
function compareKeys(a: DataplaneKey, b: DataplaneKey): number {
  if (a.mesh !== b.mesh) return a.mesh < b.mesh ? -1 : 1;
  return a.name === b.name ? 0 : a.name < b.name ? -1 : 1;
}

const keyOf = (key: DataplaneKey): string => `${key.mesh}\u0000${key.name}`;

/**
 * A page of Dataplanes given the ones that matched as of a position: within one snapshot, the Dataplanes
 * deleted after the position are dropped, those written after it are re-evaluated with the filter in SQL, and
 * only the requested page is read. The result is exact for that snapshot, while Postgres touches only what
 * changed since the position plus the page — however many Dataplanes match.
 */
export async function listMatchedDataplanes(db: Kysely<KumikoDatabase>, query: MatchedDataplaneQuery): Promise<ResourcePage> {
  const { position } = query;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const deleted = await sql<DataplaneKey>`
      SELECT mesh, name FROM resource_deletions
      WHERE id > ${position.deletionId} AND type = 'Dataplane' ${query.mesh === undefined ? sql`` : sql`AND mesh = ${query.mesh}`}`.execute(
        trx,
      );
      const where = resourceWhereClause({ type: 'Dataplane', mesh: query.mesh, ...query.filter });
      const changed = await sql<DataplaneKey & { matches: boolean }>`
      SELECT r.mesh, r.name, (${where}) AS matches FROM resources r
      WHERE r.type = 'Dataplane' AND r.source_seq > ${position.seq}
        ${query.mesh === undefined ? sql`` : sql`AND r.mesh = ${query.mesh}`}`.execute(trx);

      const keys = new Map(query.matched.map((key) => [keyOf(key), key]));
      for (const key of deleted.rows) keys.delete(keyOf(key));
      for (const row of changed.rows) {
        if (row.matches) keys.set(keyOf(row), { mesh: row.mesh, name: row.name });
        else keys.delete(keyOf(row));
      }
      const all = [...keys.values()].sort(compareKeys);
      const page = all.slice(query.offset, query.offset + query.size);
      if (page.length === 0) return { total: all.length, items: [] };
      const insight = query.withInsight === true;
      const { rows } = await sql<ResourceRow>`
      SELECT r.type, r.mesh, r.name, r.zone, r.spec, r.labels, r.creation_time, r.modification_time
        ${insight ? sql`, i.spec AS insight` : sql``}
      FROM unnest(${page.map((k) => k.mesh)}::text[], ${page.map((k) => k.name)}::text[]) WITH ORDINALITY AS p(mesh, name, position)
      JOIN resources r ON r.type = 'Dataplane' AND r.mesh = p.mesh AND r.name = p.name
      ${insight ? sql`LEFT JOIN resources i ON i.type = 'DataplaneInsight' AND i.mesh = r.mesh AND i.name = r.name` : sql``}
      ORDER BY p.position`.execute(trx);
      return { total: all.length, items: rows.map(toStored) };
    });
}
