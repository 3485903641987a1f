import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { startPostgres, type PostgresServer } from '@kumiko/testing';
import { createDatabase } from './database-connection.js';
import type { KumikoDatabase } from './database-schema.js';
import { migrateToLatest } from './schema-migrator.js';
import { planZoneBatch } from './zone-batch-plan.js';
import { writeZoneBatch } from './zone-batch-writer.js';
import { dataplane, message, metadata, zoneIngress } from '../test-support/test-events.js';

const options = { checkpoint: 'zones-projector', globalInstanceId: 'global-1' };

describe('zone batch projection into Postgres', () => {
  let server: PostgresServer;
  const opened: Array<Kysely<KumikoDatabase>> = [];

  async function freshDatabase(): Promise<Kysely<KumikoDatabase>> {
    const db = createDatabase({ connectionString: await server.createDatabase(), maxConnections: 4 });
    opened.push(db);
    await migrateToLatest(db);
    return db;
  }

  async function snapshot(db: Kysely<KumikoDatabase>): Promise<unknown> {
    const resources =
      await sql`SELECT type, mesh, name, display_name, zone, spec, labels, tag_sets, version, source_seq FROM resources ORDER BY type, mesh, name`.execute(
        db,
      );
    const outbox = await sql`SELECT kind, name, zone, resource FROM outbox ORDER BY id`.execute(db);
    const checkpoint = await sql`SELECT stream_seq FROM projection_checkpoints`.execute(db);
    return { resources: resources.rows, outbox: outbox.rows, checkpoint: checkpoint.rows };
  }

  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await Promise.all(opened.map((db) => db.destroy()));
    await server.stop();
  });

  it('given several replicas migrating at once, then the schema is applied exactly once', async () => {
    const url = await server.createDatabase();
    const dbs = [0, 1, 2].map(() => createDatabase({ connectionString: url, maxConnections: 2 }));
    opened.push(...dbs);
    const applied = await Promise.all(dbs.map((db) => migrateToLatest(db)));
    assert.deepEqual(applied.flat(), [
      '0001-initial-schema',
      '0002-api-read-paths',
      '0003-mesh-scoped-global-view',
      '0004-projection-rejections-detail',
    ]);
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'resources'`.execute(
      dbs[0] as Kysely<KumikoDatabase>,
    );
    assert.equal(rows[0]?.n, '1');
  });

  it('given a Dataplane from zone-1, then it is stored under Kuma’s hashed name with the zone pinned from the subject', async () => {
    const db = await freshDatabase();
    const result = await writeZoneBatch(
      db,
      planZoneBatch([
        message(1, {
          type: 'DataplaneUpserted',
          data: { dataplane: dataplane('default', 'dp-1', 'zone-1') },
          metadata: metadata('zone-1'),
        }),
      ]),
      options,
    );
    assert.equal(result.changed, 1);

    const row = await db.selectFrom('resources').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.name, 'dp-1-dff6z597w47d46xx');
    assert.equal(row.display_name, 'dp-1');
    assert.equal(row.zone, 'zone-1');
    assert.deepEqual(row.labels, { 'kuma.io/origin': 'zone', 'kuma.io/zone': 'zone-1', 'kuma.io/display-name': 'dp-1' });
    const zones = await db.selectFrom('zones').select(['name', 'enabled']).execute();
    assert.deepEqual(zones, [{ name: 'zone-1', enabled: null }]);
    assert.deepEqual(row.tag_sets, [{ 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1', version: 'v1' }]);
  });

  it('given the same events replayed twice, then the rows are identical and nothing is applied twice', async () => {
    const db = await freshDatabase();
    const batch = [
      message(1, { type: 'DataplaneUpserted', data: { dataplane: dataplane('default', 'a', 'zone-1') }, metadata: metadata('zone-1') }),
      message(2, { type: 'DataplaneUpserted', data: { dataplane: dataplane('default', 'b', 'zone-1') }, metadata: metadata('zone-1') }),
      message(3, { type: 'ZoneIngressUpserted', data: { zoneIngress: zoneIngress('zi-1') }, metadata: metadata('zone-1') }),
      message(4, { type: 'DataplaneDeleted', data: { mesh: 'default', name: 'a' }, metadata: metadata('zone-1', 2) }),
    ];
    await writeZoneBatch(db, planZoneBatch(batch), options);
    const first = await snapshot(db);
    const replay = await writeZoneBatch(db, planZoneBatch(batch), options);
    assert.equal(replay.changed, 0);
    assert.deepEqual(await snapshot(db), first);
  });

  it('given two events for one resource in a batch, then the later one wins (no ON CONFLICT double hit)', async () => {
    const db = await freshDatabase();
    await writeZoneBatch(
      db,
      planZoneBatch([
        message(1, {
          type: 'DataplaneUpserted',
          data: { dataplane: dataplane('default', 'x', 'zone-1', 'first') },
          metadata: metadata('zone-1'),
        }),
        message(2, {
          type: 'DataplaneUpserted',
          data: { dataplane: dataplane('default', 'x', 'zone-1', 'second') },
          metadata: metadata('zone-1', 2),
        }),
      ]),
      options,
    );
    const rows = await db.selectFrom('resources').select(['tag_sets', 'version']).execute();
    assert.deepEqual(rows, [{ tag_sets: [{ 'kuma.io/service': 'second', 'kuma.io/zone': 'zone-1', version: 'v1' }], version: '1' }]);
  });

  it('given a payload that claims another zone, then it is rejected and counted, the checkpoint still advances and nothing is applied', async () => {
    const db = await freshDatabase();
    const spoofed = [
      // zone-1's user publishes on its own subject, claiming zone-2 in the metadata
      message(
        1,
        { type: 'DataplaneUpserted', data: { dataplane: dataplane('default', 'evil', 'zone-2') }, metadata: metadata('zone-2') },
        'zone-1',
      ),
      // right metadata, but tags say zone-2
      message(2, { type: 'DataplaneUpserted', data: { dataplane: dataplane('default', 'evil2', 'zone-2') }, metadata: metadata('zone-1') }),
      // a ZoneIngress claiming to be zone-2's
      message(3, {
        type: 'ZoneIngressUpserted',
        data: { zoneIngress: zoneIngress('zi', { zone: 'zone-2' }) },
        metadata: metadata('zone-1'),
      }),
    ];
    const result = await writeZoneBatch(db, planZoneBatch(spoofed), options);
    assert.equal(result.rejected, 3);
    assert.equal(result.checkpoint, 3);
    assert.equal((await db.selectFrom('resources').select('name').execute()).length, 0);
    const reasons = await db.selectFrom('projection_rejections').select('reason').orderBy('stream_seq').execute();
    assert.match(reasons[0]?.reason ?? '', /metadata.zone "zone-2" but was published by zone "zone-1"/);
    assert.match(reasons[1]?.reason ?? '', /tag kuma.io\/zone "zone-2"/);
    assert.match(reasons[2]?.reason ?? '', /zone "zone-2"/);
  });

  it('given a malformed message, then it is skipped and counted with the checkpoint advanced, and the rest of the batch is applied', async () => {
    const db = await freshDatabase();
    const good = message(2, {
      type: 'DataplaneUpserted',
      data: { dataplane: dataplane('default', 'ok', 'zone-1') },
      metadata: metadata('zone-1'),
    });
    const result = await writeZoneBatch(
      db,
      planZoneBatch([
        { seq: 1, subject: 'kumiko.zone.zone-1.dataplane.default.junk', data: new TextEncoder().encode('{"not":"an event"') },
        good,
      ]),
      options,
    );
    assert.deepEqual([result.changed, result.rejected, result.checkpoint], [1, 1, 2]);
  });

  it('given a ZoneIngress created then deleted, then the outbox carries its state and then a tombstone for the global view', async () => {
    const db = await freshDatabase();
    await writeZoneBatch(
      db,
      planZoneBatch([
        message(1, { type: 'ZoneIngressUpserted', data: { zoneIngress: zoneIngress('zi-1') }, metadata: metadata('zone-1') }),
      ]),
      options,
    );
    await writeZoneBatch(
      db,
      planZoneBatch([message(2, { type: 'ZoneIngressDeleted', data: { name: 'zi-1' }, metadata: metadata('zone-1', 2) })]),
      options,
    );
    const outbox = await db.selectFrom('outbox').select(['kind', 'name', 'zone', 'resource']).orderBy('id').execute();
    assert.equal(outbox.length, 2);
    assert.equal(outbox[0]?.name, 'zi-1-2d8w9vd5b9fd9xbv');
    assert.equal((outbox[0]?.resource as { zone?: string } | null)?.zone, 'zone-1');
    assert.deepEqual(outbox[1], { kind: 'zoneingress', name: 'zi-1-2d8w9vd5b9fd9xbv', zone: 'zone-1', resource: null });
    assert.equal((await db.selectFrom('resources').select('name').execute()).length, 0);
  });

  it('given heartbeats from a zone CP, then the zone insight has one open subscription, and a new instance closes the old one', async () => {
    const db = await freshDatabase();
    const beat = (seq: number, instanceId: string) =>
      message(seq, {
        type: 'ZoneHeartbeat',
        data: { instanceId, startedAt: '2026-11-22T09:00:00Z', version: '0.1.0', config: '{}' },
        metadata: { ...metadata('zone-1'), time: `2026-11-22T10:00:0${seq}.000Z` },
      });
    await writeZoneBatch(db, planZoneBatch([beat(1, 'cp-a'), beat(2, 'cp-a')]), options);
    await writeZoneBatch(db, planZoneBatch([beat(3, 'cp-b')]), options);
    const insight = await db.selectFrom('zone_insights').selectAll().executeTakeFirstOrThrow();
    assert.equal(insight.subscriptions.length, 2);
    assert.equal(insight.subscriptions[0]?.disconnectTime, '2026-11-22T10:00:03.000Z');
    assert.equal(insight.subscriptions[1]?.zoneInstanceId, 'cp-b');
    assert.equal(insight.subscriptions[1]?.disconnectTime, undefined);
  });
});
