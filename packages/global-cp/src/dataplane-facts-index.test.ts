import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery, type DatabaseConnection, type QueryResult } from 'kysely';
import { pino } from 'pino';
import type { KumikoDatabase } from '@kumiko/store';
import { DataplaneFactsIndex } from './dataplane-facts-index.js';

/*
 * The index's in-memory logic, driven without Postgres: a stand-in connection answers the store's
 * snapshot / catch-up reads from an in-memory projection (Dataplanes and insights with the ZONES
 * sequence that wrote them, and a deletion log). It recognises those reads by their tables only and
 * fails loudly on any other statement, so a change in what the index reads shows up here.
 */

interface Row {
  type: 'Dataplane' | 'DataplaneInsight';
  mesh: string;
  name: string;
  spec: Record<string, unknown>;
  seq: number;
}

class FakeProjection {
  readonly rows = new Map<string, Row>();
  readonly deletions: Array<{ id: number; type: Row['type']; mesh: string; name: string }> = [];
  private seq = 0;

  upsert(type: Row['type'], mesh: string, name: string, spec: Record<string, unknown>): void {
    this.rows.set(`${type}|${mesh}|${name}`, { type, mesh, name, spec, seq: ++this.seq });
  }

  remove(type: Row['type'], mesh: string, name: string): void {
    this.rows.delete(`${type}|${mesh}|${name}`);
    this.deletions.push({ id: this.deletions.length + 1, type, mesh, name });
  }

  answer(query: CompiledQuery): QueryResult<unknown> {
    const text = query.sql.replace(/\s+/g, ' ').trim();
    const params = query.parameters as readonly unknown[];
    const rows = [...this.rows.values()];
    const shape = ({ type, mesh, name, spec }: Row) => ({ type, mesh, name, spec });
    if (text.includes('max(source_seq)') && text.includes('resource_deletions')) {
      const seq = Math.max(0, ...rows.map((r) => r.seq));
      return { rows: [{ seq: String(seq), deletion_id: String(this.deletions.length) }] };
    }
    const snapshotOf = /FROM resources WHERE type = '(Dataplane|DataplaneInsight)'/.exec(text);
    if (snapshotOf) {
      const byKey = (a: Row, b: Row) => (a.mesh + '\0' + a.name < b.mesh + '\0' + b.name ? -1 : 1);
      return { rows: rows.filter((r) => r.type === snapshotOf[1]).sort(byKey).map(shape) };
    }
    if (text.startsWith('SELECT type, mesh, name FROM resource_deletions')) {
      const [after, upTo] = params as [number, number];
      return { rows: this.deletions.filter((d) => d.id > after && d.id <= upTo).map(({ type, mesh, name }) => ({ type, mesh, name })) };
    }
    if (text.includes('FROM resources') && text.includes('source_seq >')) {
      const [after] = params as [number];
      return { rows: rows.filter((r) => r.seq > after).sort((a, b) => a.seq - b.seq).map(shape) };
    }
    if (text.startsWith('DELETE FROM resource_deletions')) return { rows: [], numAffectedRows: 0n };
    throw new Error(`the fake projection does not answer: ${text}`);
  }

  database(): Kysely<KumikoDatabase> {
    const connection: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery) => this.answer(query) as QueryResult<R>,
      streamQuery: () => {
        throw new Error('not streamed');
      },
    };
    return new Kysely<KumikoDatabase>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
        createDriver: () => ({
          init: async () => undefined,
          acquireConnection: async () => connection,
          beginTransaction: async () => undefined,
          commitTransaction: async () => undefined,
          rollbackTransaction: async () => undefined,
          releaseConnection: async () => undefined,
          destroy: async () => undefined,
        }),
      },
    });
  }
}

const logger = pino({ level: 'silent' });
const CONNECTED = { subscriptions: [{ connectTime: '2026-01-01T00:00:00Z' }] };
const DISCONNECTED = { subscriptions: [{ connectTime: '2026-01-01T00:00:00Z', disconnectTime: '2026-01-01T00:01:00Z' }] };

function sidecar(...inbounds: Array<Record<string, string>>): Record<string, unknown> {
  return { type: 'Dataplane', networking: { address: '10.0.0.1', inbound: inbounds.map((tags, i) => ({ port: 8080 + i, tags })) } };
}
function gateway(type: 'BUILTIN' | 'DELEGATED', service: string): Record<string, unknown> {
  return { type: 'Dataplane', networking: { address: '10.0.0.2', gateway: { type, tags: { 'kuma.io/service': service } } } };
}

/** default: web-1 (web v1, online), web-2 (web v2, offline), api-1 (api, online), edge (builtin gateway); other: db-1. */
function demo(): FakeProjection {
  const store = new FakeProjection();
  store.upsert('Dataplane', 'default', 'web-1', sidecar({ 'kuma.io/service': 'web', version: 'v1', 'kuma.io/zone': 'zone-1' }));
  store.upsert('Dataplane', 'default', 'web-2', sidecar({ 'kuma.io/service': 'web', version: 'v2', 'kuma.io/zone': 'zone-2' }));
  store.upsert('Dataplane', 'default', 'api-1', sidecar({ 'kuma.io/service': 'api', version: 'v1' }, { 'kuma.io/service': 'api-admin', version: 'v9' }));
  store.upsert('Dataplane', 'default', 'edge', gateway('BUILTIN', 'edge'));
  store.upsert('Dataplane', 'other', 'db-1', sidecar({ 'kuma.io/service': 'db' }));
  store.upsert('DataplaneInsight', 'default', 'web-1', CONNECTED);
  store.upsert('DataplaneInsight', 'default', 'web-2', DISCONNECTED);
  store.upsert('DataplaneInsight', 'default', 'api-1', CONNECTED);
  store.upsert('DataplaneInsight', 'default', 'edge', CONNECTED);
  return store;
}

async function loaded(store: FakeProjection): Promise<DataplaneFactsIndex> {
  const index = new DataplaneFactsIndex(store.database(), { syncIntervalMs: 60_000, logger });
  await index.sync();
  return index;
}

const everything = { tags: [], gateway: 'any', nameContains: '' } as const;
const names = (result: ReturnType<DataplaneFactsIndex['matchDataplanes']>) => result?.matched.map((k) => `${k.mesh}/${k.name}`).sort();

describe('dataplane facts index: before its first load', () => {
  it('given an index not yet synced, then it answers no match and no prefilter (callers fall back to the database)', () => {
    const index = new DataplaneFactsIndex(demo().database(), { syncIntervalMs: 60_000, logger });
    assert.equal(index.isLoaded(), false);
    assert.equal(index.matchDataplanes(undefined, everything), undefined);
    assert.equal(index.tagPrefilter([{ key: 'kuma.io/service', value: 'web' }]), undefined);
    assert.deepEqual(index.meshesWithDataplanes(), []);
  });

  it('given an index stopped before loading, then whenLoaded still resolves', async () => {
    const index = new DataplaneFactsIndex(demo().database(), { syncIntervalMs: 60_000, logger });
    await index.stop();
    await index.whenLoaded();
    assert.equal(index.isLoaded(), false);
  });
});

describe('dataplane facts index: matching Dataplanes', () => {
  const cases: Array<[string, string | undefined, Parameters<DataplaneFactsIndex['matchDataplanes']>[1], string[]]> = [
    ['no filter, every mesh', undefined, everything, ['default/api-1', 'default/edge', 'default/web-1', 'default/web-2', 'other/db-1']],
    ['no filter, one mesh', 'other', everything, ['other/db-1']],
    ['a mesh with no Dataplanes', 'empty', everything, []],
    ['a tag value substring', undefined, { ...everything, tags: [{ key: 'kuma.io/service', value: 'we' }] }, ['default/web-1', 'default/web-2']],
    ['any value of a key (*)', undefined, { ...everything, tags: [{ key: 'version', value: '*' }] }, ['default/api-1', 'default/web-1', 'default/web-2']],
    [
      'two tags that one inbound has together',
      undefined,
      { ...everything, tags: [{ key: 'kuma.io/service', value: 'api-admin' }, { key: 'version', value: 'v9' }] },
      ['default/api-1'],
    ],
    [
      'two tags that only different inbounds have (no match: one tag set must satisfy all)',
      undefined,
      { ...everything, tags: [{ key: 'kuma.io/service', value: 'api-admin' }, { key: 'version', value: 'v1' }] },
      [],
    ],
    ['a gateway’s tags', undefined, { ...everything, tags: [{ key: 'kuma.io/service', value: 'edge' }] }, ['default/edge']],
    ['gateways only', undefined, { ...everything, gateway: 'gateway' }, ['default/edge']],
    ['builtin gateways only', undefined, { ...everything, gateway: 'builtin' }, ['default/edge']],
    ['delegated gateways only', undefined, { ...everything, gateway: 'delegated' }, []],
    ['no gateways', 'default', { ...everything, gateway: 'not-gateway' }, ['default/api-1', 'default/web-1', 'default/web-2']],
    ['a name substring', undefined, { ...everything, nameContains: 'web-' }, ['default/web-1', 'default/web-2']],
    ['a case-different tag value (case-sensitive)', undefined, { ...everything, tags: [{ key: 'kuma.io/service', value: 'WEB' }] }, []],
  ];
  for (const [name, mesh, filter, expected] of cases) {
    it(`given ${name}, then the matches are ${JSON.stringify(expected)}`, async () => {
      const index = await loaded(demo());
      assert.deepEqual(names(index.matchDataplanes(mesh, filter)), expected);
    });
  }

  it('given a loaded index, then matches come with the position they are true at', async () => {
    const index = await loaded(demo());
    assert.deepEqual(index.matchDataplanes(undefined, everything)?.position, { seq: 9, deletionId: 0 });
  });
});

describe('dataplane facts index: tag prefilters', () => {
  it('given tag searches, then each key lists the exact known values that can match, with the catalogue’s sequence', async () => {
    const index = await loaded(demo());
    const prefilter = index.tagPrefilter([{ key: 'kuma.io/service', value: 'api' }, { key: 'version', value: '*' }]);
    assert.equal(prefilter?.catalogueSeq, 9);
    assert.deepEqual(
      prefilter?.candidates.map((c) => [c.key, [...c.values].sort()]),
      [
        ['kuma.io/service', ['api', 'api-admin']],
        ['version', ['v1', 'v2', 'v9']],
      ],
    );
  });

  it('given a key no Dataplane has, then its candidate list is empty (only later writes can match)', async () => {
    const index = await loaded(demo());
    assert.deepEqual(index.tagPrefilter([{ key: 'team', value: '*' }])?.candidates, [{ key: 'team', values: [] }]);
  });

  it('given a key with more candidate values than the index lists, then that key does not narrow the search', async () => {
    const store = new FakeProjection();
    for (let i = 0; i < 300; i++) store.upsert('Dataplane', 'default', `dp-${i}`, sidecar({ 'kuma.io/service': `svc-${i}` }));
    const index = await loaded(store);
    assert.equal(index.tagPrefilter([{ key: 'kuma.io/service', value: 'svc' }]), undefined);
    assert.deepEqual(index.tagPrefilter([{ key: 'kuma.io/service', value: 'svc-29' }])?.candidates[0]?.values.length, 11);
  });
});

describe('dataplane facts index: insights and summary', () => {
  it('given the demo meshes, then service insights count each service’s proxies by status', async () => {
    const index = await loaded(demo());
    assert.deepEqual(
      index.serviceInsights('default').map((s) => [s.name, s.serviceType, s.status, s.dataplanes.total]),
      [
        ['api', 'internal', 'online', 1],
        ['api-admin', 'internal', 'online', 1],
        ['edge', 'gateway_builtin', 'online', 1],
        ['web', 'internal', 'partially_degraded', 2],
      ],
    );
    assert.deepEqual(index.serviceInsights('other').map((s) => [s.name, s.status]), [['db', 'offline']], 'a Dataplane without an insight is offline');
  });

  it('given the demo meshes, then the summary counts Dataplanes by kind and status and services by type and status', async () => {
    const summary = (await loaded(demo())).summary();
    assert.deepEqual(summary.dataplanes, {
      standard: { total: 4, online: 2, offline: 2, partiallyDegraded: 0 },
      gatewayBuiltin: { total: 1, online: 1, offline: 0, partiallyDegraded: 0 },
      gatewayDelegated: { total: 0, online: 0, offline: 0, partiallyDegraded: 0 },
    });
    assert.deepEqual(summary.services, {
      internal: { total: 4, online: 2, offline: 1, partiallyDegraded: 1 },
      gatewayBuiltin: { total: 1, online: 1, offline: 0, partiallyDegraded: 0 },
      gatewayDelegated: { total: 0, online: 0, offline: 0, partiallyDegraded: 0 },
    });
  });

  it('given a mesh with only insights left, then it is not listed among meshes with Dataplanes', async () => {
    const store = demo();
    store.upsert('DataplaneInsight', 'orphans', 'gone', CONNECTED);
    const index = await loaded(store);
    assert.deepEqual(index.meshesWithDataplanes(), ['default', 'other']);
  });
});

describe('dataplane facts index: catching up', () => {
  it('given a Dataplane whose tags change, then searches see the new tags and forget the old values', async () => {
    const store = demo();
    const index = await loaded(store);
    store.upsert('Dataplane', 'default', 'web-2', sidecar({ 'kuma.io/service': 'web', version: 'v3' }));
    await index.sync();
    assert.deepEqual(names(index.matchDataplanes(undefined, { ...everything, tags: [{ key: 'version', value: 'v2' }] })), []);
    assert.deepEqual(names(index.matchDataplanes(undefined, { ...everything, tags: [{ key: 'version', value: 'v3' }] })), ['default/web-2']);
    assert.deepEqual(index.tagPrefilter([{ key: 'version', value: '*' }])?.candidates[0]?.values.slice().sort(), ['v1', 'v3', 'v9']);
    assert.equal(index.tagPrefilter([{ key: 'version', value: '*' }])?.catalogueSeq, 10);
  });

  it('given a proxy that connects, then its services’ insights are recomputed', async () => {
    const store = demo();
    const index = await loaded(store);
    const before = index.serviceInsights('default');
    assert.equal(index.serviceInsights('default'), before, 'unchanged mesh: the same cached result');
    store.upsert('DataplaneInsight', 'default', 'web-2', CONNECTED);
    await index.sync();
    assert.equal(index.serviceInsights('default').find((s) => s.name === 'web')?.status, 'online');
    assert.equal(before.find((s) => s.name === 'web')?.status, 'partially_degraded', 'an earlier result is not changed under its holder');
  });

  it('given a deleted Dataplane, then it is no longer matched or counted, and a mesh left without Dataplanes is no longer listed', async () => {
    const store = demo();
    const index = await loaded(store);
    store.remove('Dataplane', 'other', 'db-1');
    store.remove('Dataplane', 'default', 'web-2');
    await index.sync();
    assert.deepEqual(names(index.matchDataplanes(undefined, { ...everything, nameContains: 'web' })), ['default/web-1']);
    assert.deepEqual(index.meshesWithDataplanes(), ['default']);
    assert.equal(index.serviceInsights('default').find((s) => s.name === 'web')?.status, 'online');
    assert.deepEqual(index.serviceInsights('other'), []);
    assert.deepEqual(index.tagPrefilter([{ key: 'version', value: 'v2' }])?.candidates, [{ key: 'version', values: [] }]);
  });

  it('given a deleted insight, then its Dataplane stays and counts as offline', async () => {
    const store = demo();
    const index = await loaded(store);
    store.remove('DataplaneInsight', 'default', 'api-1');
    await index.sync();
    assert.deepEqual(names(index.matchDataplanes('default', { ...everything, nameContains: 'api' })), ['default/api-1']);
    assert.equal(index.serviceInsights('default').find((s) => s.name === 'api')?.status, 'offline');
  });

  it('given a Dataplane deleted and re-created between two syncs, then it is present with its new tags', async () => {
    const store = demo();
    const index = await loaded(store);
    store.remove('Dataplane', 'default', 'web-1');
    store.upsert('Dataplane', 'default', 'web-1', sidecar({ 'kuma.io/service': 'web', version: 'v7' }));
    await index.sync();
    assert.deepEqual(names(index.matchDataplanes(undefined, { ...everything, tags: [{ key: 'version', value: 'v7' }] })), ['default/web-1']);
    assert.deepEqual(names(index.matchDataplanes(undefined, { ...everything, tags: [{ key: 'version', value: 'v1' }] })), ['default/api-1']);
  });

  it('given nothing changed, then a sync keeps the position and the results', async () => {
    const store = demo();
    const index = await loaded(store);
    const before = index.matchDataplanes(undefined, everything);
    await index.sync();
    assert.deepEqual(index.matchDataplanes(undefined, everything), before);
  });
});
