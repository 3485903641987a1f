import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { GatewayFilter, ResourceType, TagCondition } from '@kumiko/api';
import type { KumikoDatabase } from '../database-schema.js';

/** Every type kept in the `resources` table: zones and their insights have tables of their own. */
export type ListedResourceType = Exclude<ResourceType, 'Zone' | 'ZoneInsight'>;

/**
 * An optional index-assisted superset of the tag conditions: for each key, every stored value that can match
 * (looked up in a catalogue of known values), plus every Dataplane changed after the catalogue's sequence. The
 * exact conditions are always rechecked, so a prefilter can only make a query cheaper, never change its result.
 */
export interface TagPrefilter {
  readonly candidates: ReadonlyArray<{ readonly key: string; readonly values: readonly string[] }>;
  /** Dataplanes with `source_seq` above this were not in the catalogue and are always rechecked. */
  readonly catalogueSeq: number;
}

export interface ResourceListQuery {
  readonly type: ListedResourceType;
  /** `undefined`: across every mesh (mesh-scoped types) or the global scope (`''`). */
  readonly mesh?: string;
  /** Substring of the (global) name. */
  readonly nameContains?: string;
  /** Exact label matches, all required. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Dataplanes only: one inbound or the gateway must satisfy all of them. */
  readonly tags?: readonly TagCondition[];
  readonly tagPrefilter?: TagPrefilter;
  /** Dataplanes only. Default `any`. */
  readonly gateway?: GatewayFilter;
  /** Dataplanes only: also return each Dataplane's insight. */
  readonly withInsight?: boolean;
  readonly offset: number;
  readonly size: number;
}

/** A stored resource as the API serves it; `spec` is the whole resource in Kuma JSON form. */
export interface StoredResource {
  readonly type: string;
  readonly mesh: string;
  readonly name: string;
  readonly zone: string | null;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly creationTime: Date;
  readonly modificationTime: Date;
  /** With `withInsight`: the DataplaneInsight in Kuma JSON form, `null` when there is none. */
  readonly insight?: Readonly<Record<string, unknown>> | null;
}

export interface ResourcePage {
  /** Matching resources before paging. */
  readonly total: number;
  readonly items: readonly StoredResource[];
}

/** A `resources` row as the list queries select it. */
export interface ResourceRow {
  type: string;
  mesh: string;
  name: string;
  zone: string | null;
  spec: Record<string, unknown>;
  labels: Record<string, string>;
  creation_time: Date;
  modification_time: Date;
  insight?: Record<string, unknown> | null;
}

export function toStored(row: ResourceRow): StoredResource {
  return {
    type: row.type,
    mesh: row.mesh,
    name: row.name,
    zone: row.zone,
    spec: row.spec,
    labels: row.labels,
    creationTime: row.creation_time,
    modificationTime: row.modification_time,
    ...(row.insight === undefined ? {} : { insight: row.insight }),
  };
}

/** Every tag condition holds for one element of `r.tag_sets` (an inbound's tags or the gateway's). */
function tagMatch(tags: readonly TagCondition[]): RawBuilder<unknown> {
  const conditions = tags.map((tag) =>
    tag.value === '*' ? sql`t.value ? ${tag.key}` : sql`(t.value ? ${tag.key} AND strpos(t.value ->> ${tag.key}, ${tag.value}) > 0)`,
  );
  return sql`EXISTS (SELECT 1 FROM jsonb_array_elements(r.tag_sets) AS t(value) WHERE ${sql.join(conditions, sql` AND `)})`;
}

function tagPrefilter(prefilter: TagPrefilter): RawBuilder<unknown> | undefined {
  if (prefilter.candidates.length === 0) return undefined;
  const perKey = prefilter.candidates.map(({ key, values }) => {
    const patterns = values.map((value) => JSON.stringify([{ [key]: value }]));
    return sql`r.tag_sets @> ANY(${patterns}::jsonb[])`;
  });
  return sql`((${sql.join(perKey, sql` AND `)}) OR r.source_seq > ${prefilter.catalogueSeq})`;
}

function gatewayCondition(filter: GatewayFilter): RawBuilder<unknown> | undefined {
  const gateway = sql`(r.spec -> 'networking' -> 'gateway')`;
  switch (filter) {
    case 'any':
      return undefined;
    case 'gateway':
      return sql`${gateway} IS NOT NULL`;
    case 'not-gateway':
      return sql`${gateway} IS NULL`;
    case 'builtin':
      return sql`(${gateway} ->> 'type') = 'BUILTIN'`;
    case 'delegated':
      return sql`${gateway} IS NOT NULL AND coalesce(${gateway} ->> 'type', 'DELEGATED') = 'DELEGATED'`;
  }
}

/** The WHERE clause (alias `r`) of a list query. Shared with the matched-Dataplane listing. */
export function resourceWhereClause(query: Omit<ResourceListQuery, 'offset' | 'size'>): RawBuilder<unknown> {
  // Literal type so that the planner can match the partial indexes (tag sets, sequence).
  const conditions: Array<RawBuilder<unknown>> = [sql`r.type = ${sql.lit(query.type)}`];
  if (query.mesh !== undefined) conditions.push(sql`r.mesh COLLATE "C" = ${query.mesh}`);
  if (query.nameContains !== undefined && query.nameContains !== '') conditions.push(sql`strpos(r.name, ${query.nameContains}) > 0`);
  if (query.labels !== undefined && Object.keys(query.labels).length > 0) {
    conditions.push(sql`r.labels @> ${JSON.stringify(query.labels)}::jsonb`);
  }
  if (query.type === 'Dataplane') {
    const tags = query.tags ?? [];
    if (tags.length > 0) {
      const prefilter = query.tagPrefilter === undefined ? undefined : tagPrefilter(query.tagPrefilter);
      if (prefilter !== undefined) conditions.push(prefilter);
      conditions.push(tagMatch(tags));
    }
    const gateway = gatewayCondition(query.gateway ?? 'any');
    if (gateway !== undefined) conditions.push(gateway);
  }
  return sql.join(conditions, sql` AND `);
}

/**
 * One page of resources of a type, filtered, sorted by (mesh, name) bytewise as Kuma sorts, with the total
 * after filtering. The count and the page are two statements run side by side; under concurrent writes they
 * may see different snapshots, as Kuma's own count and page may.
 */
export async function listResources(db: Kysely<KumikoDatabase>, query: ResourceListQuery): Promise<ResourcePage> {
  const where = resourceWhereClause(query);
  const insight = query.withInsight === true && query.type === 'Dataplane';
  const countQuery = sql<{ total: string }>`SELECT count(*) AS total FROM resources r WHERE ${where}`.execute(db);
  const pageQuery = sql<ResourceRow>`
    SELECT r.type, r.mesh, r.name, r.zone, r.spec, r.labels, r.creation_time, r.modification_time
      ${insight ? sql`, i.spec AS insight` : sql``}
    FROM resources r
    ${insight ? sql`LEFT JOIN resources i ON i.type = 'DataplaneInsight' AND i.mesh = r.mesh AND i.name = r.name` : sql``}
    WHERE ${where}
    ORDER BY r.mesh COLLATE "C", r.name COLLATE "C"
    LIMIT ${query.size} OFFSET ${query.offset}`.execute(db);
  const [count, page] = await Promise.all([countQuery, pageQuery]);
  return { total: Number(count.rows[0]?.total ?? 0), items: page.rows.map(toStored) };
}

/** One resource by its key, or `undefined`; `withInsight` joins a Dataplane's insight. */
export async function getResource(
  db: Kysely<KumikoDatabase>,
  key: { readonly type: ListedResourceType; readonly mesh: string; readonly name: string; readonly withInsight?: boolean },
): Promise<StoredResource | undefined> {
  const insight = key.withInsight === true && key.type === 'Dataplane';
  const { rows } = await sql<ResourceRow>`
    SELECT r.type, r.mesh, r.name, r.zone, r.spec, r.labels, r.creation_time, r.modification_time
      ${insight ? sql`, i.spec AS insight` : sql``}
    FROM resources r
    ${insight ? sql`LEFT JOIN resources i ON i.type = 'DataplaneInsight' AND i.mesh = r.mesh AND i.name = r.name` : sql``}
    WHERE r.type = ${key.type} AND r.mesh = ${key.mesh} AND r.name = ${key.name}`.execute(db);
  const row = rows[0];
  return row === undefined ? undefined : toStored(row);
}
