import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { conflictErrorBody, GLOBAL_READ_ONLY_MESSAGE, Owners, ZONE_READ_ONLY_MESSAGE, type Owner, type ResourceType } from '@kumiko/api';
import { inMemoryPage } from './in-memory-page.js';
import { registerKumaApi } from './kuma-api-server.js';
import type { ResourceRecord } from './resource-record.js';
import { registerResourceRoutes } from './resource-routes.js';
import type { ResourceKey, ResourceSource, ResourceWriter } from './resource-source.js';

const times = { creationTime: '2026-01-01T00:00:00.000Z', modificationTime: '2026-01-02T00:00:00.000Z' };

function dataplane(mesh: string, name: string, labels: Record<string, string> = {}): ResourceRecord {
  return { type: 'Dataplane', mesh, name, labels, ...times, spec: { type: 'Dataplane', mesh, name, networking: { address: '10.0.0.1' } } };
}

/** An in-memory source: records per type, Dataplane insights by name, and whatever writers a test gives it. */
function memorySource(
  records: ResourceRecord[],
  writers: ResourceSource['writers'] = {},
  readable: ResourceType[] = ['Mesh', 'Dataplane', 'ZoneIngress'],
): ResourceSource & { readonly records: ResourceRecord[] } {
  const matches = (type: string, key: ResourceKey) => (record: ResourceRecord) =>
    record.type === type && record.name === key.name && record.mesh === key.mesh;
  const withInsight = (record: ResourceRecord, wanted: boolean): ResourceRecord =>
    wanted && record.type === 'Dataplane' && record.name.endsWith('-1')
      ? { ...record, insight: { type: 'DataplaneInsight', name: record.name, subscriptions: [] } }
      : record;
  return {
    records,
    readable,
    list: (type, query) => {
      const page = inMemoryPage(
        records.filter((record) => record.type === type && (query.mesh === undefined || record.mesh === query.mesh)),
        query,
      );
      return { total: page.total, items: page.items.map((record) => withInsight(record, query.withInsight)) };
    },
    get: (type, key, options) => {
      const record = records.find(matches(type, key));
      return record === undefined ? undefined : withInsight(record, options.withInsight);
    },
    writers,
  };
}

/** A writer that stores what it is given in `records`: 201 on create, 200 on replace. */
function memoryWriter(type: ResourceType, records: ResourceRecord[]): ResourceWriter {
  return {
    put: async (key, body) => {
      const spec = JSON.parse(String(body)) as Record<string, unknown>;
      const at = records.findIndex((record) => record.type === type && record.name === key.name && record.mesh === key.mesh);
      const record: ResourceRecord = { type, ...(key.mesh === undefined ? {} : { mesh: key.mesh }), name: key.name, labels: {}, spec };
      if (at >= 0) records[at] = record;
      else records.push(record);
      return { ok: true, value: { created: at < 0 } };
    },
    delete: async (key) => {
      const at = records.findIndex((record) => record.type === type && record.name === key.name && record.mesh === key.mesh);
      if (at < 0) return { status: 'not-found' };
      if (key.name === 'locked') return { status: 'refused', error: conflictErrorBody() };
      records.splice(at, 1);
      return { status: 'deleted' };
    },
  };
}

function apiOver(source: ResourceSource, controlPlane: Owner, ready = () => true): FastifyInstance {
  const http = Fastify();
  registerKumaApi(http, { logger: pino({ level: 'silent' }), isReady: ready }, (api) =>
    registerResourceRoutes(api, source, { controlPlane }),
  );
  return http;
}

async function call(http: FastifyInstance, method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  const response = await http.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

const records = (): ResourceRecord[] => [
  dataplane('default', 'web-2'),
  dataplane('other', 'web-1'),
  dataplane('default', 'web-1', { team: 'a' }),
  { type: 'Mesh', name: 'default', labels: {}, ...times, spec: { type: 'Mesh', name: 'default', mtls: { enabledBackend: '' } } },
  { type: 'ZoneIngress', name: 'zi-1', labels: {}, spec: { type: 'ZoneIngress', name: 'zi-1', zone: '' } },
];

describe('routes generated from the resource-type registry', () => {
  it('given Dataplanes in two meshes when listed per mesh and across meshes then they come sorted by (mesh, name), paged with a next link', async () => {
    const http = apiOver(memorySource(records()), Owners.global);
    const perMesh = await call(http, 'GET', '/meshes/default/dataplanes?size=1');
    assert.equal(perMesh.status, 200);
    assert.equal(perMesh.body['total'], 2);
    assert.deepEqual(perMesh.body['items'], [
      {
        type: 'Dataplane',
        mesh: 'default',
        name: 'web-1',
        ...times,
        labels: { team: 'a' },
        kri: 'kri_dp_default___web-1_',
        networking: { address: '10.0.0.1' },
      },
    ]);
    assert.equal(perMesh.body['next'], 'http://localhost:80/meshes/default/dataplanes?offset=1&size=1');
    const across = await call(http, 'GET', '/dataplanes');
    assert.deepEqual(
      (across.body['items'] as ResourceRecord[]).map((item) => `${item.mesh}/${item.name}`),
      ['default/web-1', 'default/web-2', 'other/web-1'],
    );
    assert.equal(across.body['next'], null);
  });

  it('given label and name filters when listed then only matching items count', async () => {
    const http = apiOver(memorySource(records()), Owners.global);
    assert.equal((await call(http, 'GET', '/dataplanes?filter[labels.team]=a')).body['total'], 1);
    assert.equal((await call(http, 'GET', '/dataplanes?name=web-2')).body['total'], 1);
  });

  it('given bad list parameters when listed then Kuma’s 400 names the route, with gateway= checked on Dataplanes only', async () => {
    const http = apiOver(memorySource(records()), Owners.global);
    const bad = await call(http, 'GET', '/meshes/default/dataplanes?gateway=sometimes');
    assert.equal(bad.status, 400);
    assert.deepEqual(
      (bad.body['invalid_parameters'] as { field: string }[]).map((p) => p.field),
      ['/meshes/{mesh}/dataplanes.gateway'],
    );
    assert.equal((await call(http, 'GET', '/zoneingresses?gateway=sometimes')).status, 200);
    assert.equal((await call(http, 'GET', '/meshes?size=x')).body['detail'], 'Invalid page size');
  });

  it('given a global-scoped type when read then its envelope has no mesh, and its path aliases serve the same resources', async () => {
    const http = apiOver(memorySource(records()), Owners.global);
    const mesh = await call(http, 'GET', '/meshes/default');
    assert.deepEqual(
      mesh.body,
      { type: 'Mesh', name: 'default', ...times, kri: 'kri_m____default_', mtls: {} },
      'a set mtls without a backend',
    );
    assert.deepEqual((await call(http, 'GET', '/zone-ingresses/zi-1')).body, (await call(http, 'GET', '/zoneingresses/zi-1')).body);
    assert.deepEqual((await call(http, 'GET', '/zone-ingresses')).body['items'], (await call(http, 'GET', '/zoneingresses')).body['items']);
  });

  it('given a missing resource when read then 404 in Kuma’s shape', async () => {
    const http = apiOver(memorySource(records()), Owners.global);
    const missing = await call(http, 'GET', '/meshes/default/dataplanes/nope');
    assert.deepEqual(missing, {
      status: 404,
      body: { type: '/std-errors', status: 404, title: 'Could not retrieve a resource', detail: 'Not found', details: 'Not found' },
    });
  });

  it('given a mesh that does not exist when a mesh-scoped path is listed, read, put or deleted then 404 titled Failed to retrieve Mesh', async () => {
    const stored = records();
    const http = apiOver(memorySource(stored, { Dataplane: memoryWriter('Dataplane', stored) }), Owners.zone);
    const notFound = { type: '/std-errors', status: 404, title: 'Failed to retrieve Mesh', detail: 'Not found', details: 'Not found' };
    for (const [method, url] of [
      ['GET', '/meshes/other/dataplanes'],
      ['GET', '/meshes/other/dataplanes/_overview'],
      ['GET', '/meshes/other/dataplanes/web-1'],
      ['GET', '/meshes/other/dataplanes/web-1/_overview'],
      ['PUT', '/meshes/other/dataplanes/web-9'],
      ['DELETE', '/meshes/other/dataplanes/web-1'],
    ] as const) {
      const body = method === 'PUT' ? { type: 'Dataplane', mesh: 'other', name: 'web-9' } : undefined;
      assert.deepEqual(await call(http, method, url, body), { status: 404, body: notFound }, `${method} ${url}`);
    }
    assert.equal(stored.filter((record) => record.mesh === 'other').length, 1, 'nothing was written or deleted');
    // Paging and filters are read first, as Kuma does; the cross-mesh list has no mesh to resolve.
    assert.equal((await call(http, 'GET', '/meshes/other/dataplanes?size=x')).body['detail'], 'Invalid page size');
    assert.equal((await call(http, 'GET', '/dataplanes')).body['total'], 3);
  });

  it('given a type with overviews when read as _overview or on the legacy path then the spec and insight are nested', async () => {
    const http = apiOver(memorySource(records()), Owners.zone);
    const one = await call(http, 'GET', '/meshes/default/dataplanes/web-1/_overview');
    assert.deepEqual(one.body, {
      type: 'DataplaneOverview',
      mesh: 'default',
      name: 'web-1',
      ...times,
      labels: { team: 'a' },
      dataplane: { networking: { address: '10.0.0.1' } },
      dataplaneInsight: {},
    });
    assert.deepEqual((await call(http, 'GET', '/meshes/default/dataplanes+insights/web-1')).body, one.body);
    const list = await call(http, 'GET', '/meshes/default/dataplanes/_overview');
    assert.deepEqual(
      (list.body['items'] as Record<string, unknown>[]).map((item) => [item['name'], 'dataplaneInsight' in item]),
      [
        ['web-1', true],
        ['web-2', false],
      ],
    );
    const ingress = await call(http, 'GET', '/zoneingresses/zi-1/_overview');
    assert.deepEqual(ingress.body, { type: 'ZoneIngressOverview', name: 'zi-1', zoneIngress: {} });
  });

  it('given a type the source does not read when fetched then the path is unknown (404), while its writes are still refused', async () => {
    const http = apiOver(memorySource(records()), Owners.global);
    assert.equal((await call(http, 'GET', '/zones')).status, 404);
    assert.equal((await call(http, 'PUT', '/zone-insights/z', {})).status, 405);
  });

  for (const [controlPlane, message, paths] of [
    [
      Owners.global,
      GLOBAL_READ_ONLY_MESSAGE,
      ['/meshes/default/dataplanes/web-1', '/zone-egresses/ze', '/meshes/default/dataplane-insights/x', '/zone-insights/z'],
    ],
    [Owners.zone, ZONE_READ_ONLY_MESSAGE, ['/meshes/default', '/zones/z', '/meshes/default/dataplane-insights/x']],
  ] as const) {
    it(`given types without a writer on a ${controlPlane} CP when written then 405 with that CP’s read-only message`, async () => {
      const http = apiOver(memorySource(records()), controlPlane);
      for (const path of paths) {
        for (const method of ['PUT', 'DELETE'] as const) {
          assert.deepEqual(
            await call(http, method, path, { type: 'x' }),
            {
              status: 405,
              body: { type: '/std-errors', status: 405, title: 'Method not allowed', detail: message, details: message },
            },
            `${method} ${path}`,
          );
        }
      }
    });
  }

  it('given a writer when a resource is put twice and deleted then 201, 200, {} and 404 after, the body reaching the writer as text', async () => {
    const stored = records();
    const http = apiOver(memorySource(stored, { Dataplane: memoryWriter('Dataplane', stored) }), Owners.zone);
    assert.equal(
      (await call(http, 'PUT', '/meshes/default/dataplanes/new', { type: 'Dataplane', mesh: 'default', name: 'new' })).status,
      201,
    );
    assert.deepEqual(await call(http, 'PUT', '/meshes/default/dataplanes/new', { type: 'Dataplane', mesh: 'default', name: 'new' }), {
      status: 200,
      body: {},
    });
    assert.equal((await call(http, 'GET', '/meshes/default/dataplanes/new')).body['name'], 'new');
    assert.deepEqual(await call(http, 'DELETE', '/meshes/default/dataplanes/new'), { status: 200, body: {} });
    const again = await call(http, 'DELETE', '/meshes/default/dataplanes/new');
    assert.deepEqual([again.status, again.body['title']], [404, 'Could not delete a resource']);
  });

  it('given a writer that reports deprecation warnings when put then 201/200 answer them as {"warnings": […]}', async () => {
    const warned: ResourceWriter = {
      put: async (key) => ({ ok: true, value: { created: key.name === 'new', warnings: [`Invalid name: '${key.name}'`] } }),
      delete: async () => ({ status: 'deleted' }),
    };
    const http = apiOver(memorySource(records(), { Mesh: warned }), Owners.global);
    assert.deepEqual(await call(http, 'PUT', '/meshes/new', { type: 'Mesh', name: 'new' }), {
      status: 201,
      body: { warnings: ["Invalid name: 'new'"] },
    });
    assert.deepEqual(await call(http, 'PUT', '/meshes/default', { type: 'Mesh', name: 'default' }), {
      status: 200,
      body: { warnings: ["Invalid name: 'default'"] },
    });
  });

  it('given a writer that refuses when deleting then its error body is the answer', async () => {
    const stored = [...records(), dataplane('default', 'locked')];
    const http = apiOver(memorySource(stored, { Dataplane: memoryWriter('Dataplane', stored) }), Owners.zone);
    const refused = await call(http, 'DELETE', '/meshes/default/dataplanes/locked');
    assert.deepEqual([refused.status, refused.body['title']], [409, 'Conflict']);
  });

  it('given a writer for a type the other control plane owns, or a computed one, when the API starts then it fails', async () => {
    const stored = records();
    const start = async (writers: ResourceSource['writers']) => {
      await apiOver(memorySource(stored, writers), Owners.global).ready();
    };
    await assert.rejects(
      start({ Dataplane: memoryWriter('Dataplane', stored) }),
      /Dataplane resources are not written on a global control plane/,
    );
    await assert.rejects(start({ ZoneInsight: memoryWriter('ZoneInsight', stored) }), TypeError);
  });

  it('given a control plane still starting when called then 503, and unknown paths answer 404 in Kuma’s shape', async () => {
    let ready = false;
    const http = apiOver(memorySource(records()), Owners.zone, () => ready);
    assert.equal((await call(http, 'GET', '/meshes')).status, 503);
    ready = true;
    assert.equal((await call(http, 'GET', '/meshes')).status, 200);
    const unknown = await call(http, 'GET', '/no/such/path');
    assert.deepEqual([unknown.status, unknown.body['detail']], [404, 'Not found']);
  });
});
