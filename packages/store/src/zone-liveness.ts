import { sql, type Kysely } from 'kysely';
import type { KumikoDatabase, ZoneSubscriptionRow } from './database-schema.js';
import { closeSubscriptions } from './zone-subscriptions.js';

/**
 * Marks zones offline whose last heartbeat is older than `silentSince`: their open subscriptions get
 * `disconnectTime = now`. Their resources stay (Kuma keeps serving a disconnected zone's resources).
 * Returns the zones it marked.
 */
export async function markSilentZonesOffline(db: Kysely<KumikoDatabase>, silentSince: Date, now: Date): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ zone: string; subscriptions: ZoneSubscriptionRow[] }>`
      SELECT zone, subscriptions FROM zone_insights
      WHERE last_heartbeat_at < ${silentSince}
        AND jsonb_path_exists(subscriptions, '$[*] ? (!exists(@.disconnectTime))')
      FOR UPDATE`.execute(trx);
    for (const row of rows) {
      await trx
        .updateTable('zone_insights')
        .set({ subscriptions: JSON.stringify(closeSubscriptions(row.subscriptions, now.toISOString())), modification_time: now })
        .where('zone', '=', row.zone)
        .execute();
    }
    return rows.map((row) => row.zone);
  });
}
