import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import type { KumikoDatabase } from '../database-schema.js';
import { resourceWhereClause, toStored, type ResourceListQuery } from './resource-list-query.js';

/** Compiles without a connection: the SQL text and its parameters, as Postgres would receive them. */
const compiler = new Kysely<KumikoDatabase>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function where(query: Omit<ResourceListQuery, 'offset' | 'size'>): { sql: string; parameters: readonly unknown[] } {
  const compiled = sql`SELECT 1 FROM resources r WHERE ${resourceWhereClause(query)}`.compile(compiler);
  return { sql: compiled.sql.replace(/^SELECT 1 FROM resources r WHERE /, ''), parameters: compiled.parameters };
}

describe('resource list filters', () => {
  it('given only a type, then the type is the one condition, written as a literal so partial indexes apply', () => {
    assert.deepEqual(where({ type: 'Dataplane' }), { sql: `r.type = 'Dataplane'`, parameters: [] });
  });

  const noOps: Array<[string, Omit<ResourceListQuery, 'offset' | 'size'>]> = [
    ['an empty name filter', { type: 'Mesh', nameContains: '' }],
    ['no labels', { type: 'Mesh', labels: {} }],
    ['tags on a type other than Dataplane', { type: 'ZoneIngress', tags: [{ key: 'kuma.io/service', value: 'web' }], gateway: 'gateway' }],
    ['no tags and any gateway on Dataplanes', { type: 'Dataplane', tags: [], gateway: 'any' }],
    ['a prefilter without tags', { type: 'Dataplane', tagPrefilter: { candidates: [{ key: 'k', values: ['v'] }], catalogueSeq: 3 } }],
  ];
  for (const [name, query] of noOps) {
    it(`given ${name}, then it adds no condition`, () => {
      assert.equal(where(query).sql, `r.type = '${query.type}'`);
    });
  }

  it('given user input with quotes, then mesh, name, labels, tag keys and values travel as parameters, never inside the SQL', () => {
    const evil = `x'; DROP TABLE resources; --`;
    const { sql: text, parameters } = where({
      type: 'Dataplane',
      mesh: evil,
      nameContains: evil,
      labels: { [evil]: evil },
      tags: [{ key: evil, value: evil }],
    });
    assert.equal(text.includes('DROP TABLE'), false);
    assert.ok(parameters.includes(evil));
    assert.ok(parameters.includes(JSON.stringify({ [evil]: evil })), 'labels as one JSON containment parameter');
  });

  it('given a tag prefilter with candidates, then it narrows by the exact candidate tag sets or a later sequence', () => {
    const { parameters } = where({
      type: 'Dataplane',
      tags: [{ key: 'kuma.io/service', value: 'we' }],
      tagPrefilter: { candidates: [{ key: 'kuma.io/service', values: ['web', 'web-admin'] }], catalogueSeq: 42 },
    });
    assert.ok(
      parameters.some((p) => JSON.stringify(p) === JSON.stringify(['[{"kuma.io/service":"web"}]', '[{"kuma.io/service":"web-admin"}]'])),
    );
    assert.ok(parameters.includes(42));
  });

  it('given a tag prefilter with no candidates, then it is left out and only the exact match remains', () => {
    const tags = [{ key: 'kuma.io/service', value: 'web' }];
    assert.deepEqual(
      where({ type: 'Dataplane', tags, tagPrefilter: { candidates: [], catalogueSeq: 42 } }),
      where({ type: 'Dataplane', tags }),
    );
  });

  it('given each gateway mode, then each yields its own condition', () => {
    const modes = ['gateway', 'not-gateway', 'builtin', 'delegated'] as const;
    const texts = modes.map((gateway) => where({ type: 'Dataplane', gateway }).sql);
    assert.equal(new Set(texts).size, modes.length);
    for (const text of texts) assert.notEqual(text, `r.type = 'Dataplane'`);
  });
});

describe('stored resources', () => {
  const row = {
    type: 'Dataplane',
    mesh: 'default',
    name: 'dp-1',
    zone: 'zone-1',
    spec: { networking: {} },
    labels: { team: 'a' },
    creation_time: new Date('2026-11-22T10:00:00Z'),
    modification_time: new Date('2026-11-22T11:00:00Z'),
  };

  it('given a row without an insight column, then the stored resource has no insight field', () => {
    const stored = toStored(row);
    assert.deepEqual(stored, {
      type: 'Dataplane',
      mesh: 'default',
      name: 'dp-1',
      zone: 'zone-1',
      spec: { networking: {} },
      labels: { team: 'a' },
      creationTime: row.creation_time,
      modificationTime: row.modification_time,
    });
    assert.equal('insight' in stored, false);
  });

  it('given a row joined with a missing insight, then the insight is null (asked for, none there)', () => {
    assert.equal(toStored({ ...row, insight: null }).insight, null);
  });
});
