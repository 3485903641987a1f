import { sql, type Kysely } from 'kysely';
import type { KumikoDatabase, ZoneSubscriptionRow } from '../database-schema.js';
import { isZoneOnline } from '../zone-subscriptions.js';

/** What the global insight counts outside the Dataplanes: meshes, zone CPs and zone proxies. */
export interface GlobalCounts {
  readonly meshes: number;
  readonly zones: ReadonlyArray<{ readonly name: string; readonly online: boolean }>;
  /** ZoneIngresses and ZoneEgresses per owning zone. */
  readonly zoneProxies: ReadonlyArray<{ readonly type: 'ZoneIngress' | 'ZoneEgress'; readonly zone: string; readonly count: number }>;
}

export async function readGlobalCounts(db: Kysely<KumikoDatabase>): Promise<GlobalCounts> {
  const [meshes, zones, proxies] = await Promise.all([
    sql<{ n: string }>`SELECT count(*) AS n FROM resources WHERE type = 'Mesh'`.execute(db),
    sql<{ name: string; subscriptions: ZoneSubscriptionRow[] | null }>`
      SELECT z.name, zi.subscriptions FROM zones z LEFT JOIN zone_insights zi ON zi.zone = z.name`.execute(db),
    sql<{ type: 'ZoneIngress' | 'ZoneEgress'; zone: string; n: string }>`
      SELECT type, zone, count(*) AS n FROM resources WHERE type IN ('ZoneIngress', 'ZoneEgress') AND zone IS NOT NULL GROUP BY type, zone`.execute(
      db,
    ),
  ]);
  return {
    meshes: Number(meshes.rows[0]?.n ?? 0),
    zones: zones.rows.map((row) => ({ name: row.name, online: isZoneOnline(row.subscriptions ?? []) })),
    zoneProxies: proxies.rows.map((row) => ({ type: row.type, zone: row.zone, count: Number(row.n) })),
  };
}
