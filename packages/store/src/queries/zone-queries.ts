import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { KumikoDatabase, ZoneSubscriptionRow } from '../database-schema.js';

/** A zone as the API serves it, with its insight when asked for. */
export interface StoredZone {
  readonly name: string;
  /** `null`: unset, which Kuma treats as enabled. */
  readonly enabled: boolean | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly creationTime: Date;
  readonly modificationTime: Date;
  /** With `withInsight`: the zone's subscriptions, `null` before its first heartbeat. */
  readonly subscriptions?: readonly ZoneSubscriptionRow[] | null;
}

export interface ZoneListQuery {
  readonly nameContains?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly withInsight?: boolean;
  readonly offset: number;
  readonly size: number;
}

interface Row {
  name: string;
  enabled: boolean | null;
  labels: Record<string, string>;
  creation_time: Date;
  modification_time: Date;
  subscriptions?: ZoneSubscriptionRow[] | null;
}

function toStored(row: Row): StoredZone {
  return {
    name: row.name,
    enabled: row.enabled,
    labels: row.labels,
    creationTime: row.creation_time,
    modificationTime: row.modification_time,
    ...(row.subscriptions === undefined ? {} : { subscriptions: row.subscriptions }),
  };
}

function selectZones(withInsight: boolean, where: RawBuilder<unknown>): RawBuilder<Row> {
  return sql<Row>`
    SELECT z.name, z.enabled, z.labels, z.creation_time, z.modification_time
      ${withInsight ? sql`, zi.subscriptions` : sql``}
    FROM zones z ${withInsight ? sql`LEFT JOIN zone_insights zi ON zi.zone = z.name` : sql``}
    WHERE ${where}`;
}

/** One page of zones sorted by name (bytewise), with the total after filtering. */
export async function listZones(db: Kysely<KumikoDatabase>, query: ZoneListQuery): Promise<{ total: number; items: StoredZone[] }> {
  const conditions: Array<RawBuilder<unknown>> = [sql`true`];
  if (query.nameContains !== undefined && query.nameContains !== '') conditions.push(sql`strpos(z.name, ${query.nameContains}) > 0`);
  if (query.labels !== undefined && Object.keys(query.labels).length > 0)
    conditions.push(sql`z.labels @> ${JSON.stringify(query.labels)}::jsonb`);
  const where = sql.join(conditions, sql` AND `);
  const [count, page] = await Promise.all([
    sql<{ total: string }>`SELECT count(*) AS total FROM zones z WHERE ${where}`.execute(db),
    sql<Row>`${selectZones(query.withInsight === true, where)} ORDER BY z.name COLLATE "C" LIMIT ${query.size} OFFSET ${query.offset}`.execute(
      db,
    ),
  ]);
  return { total: Number(count.rows[0]?.total ?? 0), items: page.rows.map(toStored) };
}

export async function getZone(
  db: Kysely<KumikoDatabase>,
  name: string,
  options: { readonly withInsight?: boolean } = {},
): Promise<StoredZone | undefined> {
  const { rows } = await selectZones(options.withInsight === true, sql`z.name = ${name}`).execute(db);
  const row = rows[0];
  return row === undefined ? undefined : toStored(row);
}
