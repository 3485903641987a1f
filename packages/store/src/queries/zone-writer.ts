import { sql, type Kysely, type Transaction } from 'kysely';
import type { KumikoDatabase, ZoneSubscriptionRow } from '../database-schema.js';
import { isZoneOnline } from '../zone-subscriptions.js';
import { ZONE_ORIGINATED_GLOBAL_VIEW } from '../global-view-kinds.js';
import { lockOutboxWriters } from './outbox-writer-lock.js';

export interface ZoneInput {
  readonly name: string;
  /** `undefined`: unset (enabled). */
  readonly enabled: boolean | undefined;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ZoneWriterOptions {
  /** The zone projector's checkpoint name (see {@link lockOutboxWriters}). */
  readonly checkpoint: string;
}

/**
 * Queues the zone's resources of the GLOBAL view (ZoneIngresses, ZoneEgresses): their current state (`publish`) or
 * tombstones (`withdraw`). Returns how many rows were queued.
 */
async function queueZoneProxies(trx: Transaction<KumikoDatabase>, zone: string, action: 'publish' | 'withdraw'): Promise<number> {
  const result = await sql`
    INSERT INTO outbox (kind, name, zone, resource)
    SELECT v.kind, r.name, r.zone, ${action === 'publish' ? sql`r.spec::jsonb` : sql`NULL::jsonb`}
    FROM resources r
    JOIN unnest(${[...ZONE_ORIGINATED_GLOBAL_VIEW.keys()]}::text[], ${[...ZONE_ORIGINATED_GLOBAL_VIEW.values()]}::text[]) AS v(type, kind) ON v.type = r.type
    WHERE r.zone = ${zone}
    ORDER BY r.type, r.name`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export interface ZoneWriteResult {
  readonly created: boolean;
  /** Outbox rows queued because the zone was disabled (tombstones) or re-enabled (current state). */
  readonly queued: number;
}

/**
 * Creates or updates a zone. Disabling it withdraws its ZoneIngresses and ZoneEgresses from every other zone
 * (tombstones in the outbox, same transaction); enabling it again publishes their current state. Its own
 * resources stay in the projection either way, as in Kuma.
 */
export async function upsertZone(db: Kysely<KumikoDatabase>, zone: ZoneInput, options: ZoneWriterOptions): Promise<ZoneWriteResult> {
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    const { rows } = await sql<{ enabled: boolean | null }>`SELECT enabled FROM zones WHERE name = ${zone.name}`.execute(trx);
    const previous = rows[0];
    const now = new Date();
    await sql`
      INSERT INTO zones AS z (name, enabled, labels, creation_time, modification_time)
      VALUES (${zone.name}, ${zone.enabled ?? null}, ${JSON.stringify(zone.labels)}::jsonb, ${now}, ${now})
      ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, labels = excluded.labels,
        version = z.version + 1, modification_time = excluded.modification_time`.execute(trx);
    const wasEnabled = previous === undefined || previous.enabled !== false;
    const isEnabled = zone.enabled !== false;
    let queued = 0;
    if (previous !== undefined && wasEnabled !== isEnabled)
      queued = await queueZoneProxies(trx, zone.name, isEnabled ? 'publish' : 'withdraw');
    return { created: previous === undefined, queued };
  });
}

export type ZoneDeletion = 'deleted' | 'not-found' | 'online';

/**
 * Deletes an offline zone and, by cascade, everything projected from it; its ZoneIngresses and ZoneEgresses
 * are withdrawn from every other zone in the same transaction. A zone whose CP is still connected (an open
 * subscription) is refused, as Kuma refuses it.
 */
export async function deleteZone(db: Kysely<KumikoDatabase>, name: string, options: ZoneWriterOptions): Promise<ZoneDeletion> {
  return db.transaction().execute(async (trx) => {
    await lockOutboxWriters(trx, options.checkpoint);
    const { rows } = await sql<{ enabled: boolean | null; subscriptions: ZoneSubscriptionRow[] | null }>`
      SELECT z.enabled, zi.subscriptions FROM zones z LEFT JOIN zone_insights zi ON zi.zone = z.name
      WHERE z.name = ${name} FOR UPDATE OF z`.execute(trx);
    const zone = rows[0];
    if (zone === undefined) return 'not-found';
    if (isZoneOnline(zone.subscriptions ?? [])) return 'online';
    if (zone.enabled !== false) await queueZoneProxies(trx, name, 'withdraw');
    await sql`DELETE FROM zones WHERE name = ${name}`.execute(trx);
    return 'deleted';
  });
}
