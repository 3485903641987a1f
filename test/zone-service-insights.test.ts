import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, startStandaloneZone, type StandaloneZone } from './zone-cp-fixtures.js';

/** Service insights on the zone CP's API (Kuma serves them on zones too), black-box over HTTP on real NATS. */

const dataplane = (name: string, service: string, extra: Record<string, unknown> = {}) => ({
  type: 'Dataplane',
  mesh: 'default',
  name,
  networking: { address: '10.1.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': service }, ...extra }] },
});

describe('zone CP service insights', () => {
  let env: StandaloneZone;
  let base: string;

  before(async () => {
    env = await startStandaloneZone('zone-1', ['default']);
    base = env.api;
    for (const [name, service, extra] of [
      ['web-1', 'web', {}],
      ['web-2', 'web', {}],
      ['db-1', 'db', {}],
      ['batch-1', 'batch', { state: 'Ignored' }],
    ] as const) {
      assert.equal((await call(base, 'PUT', `/meshes/default/dataplanes/${name}`, dataplane(name, service, extra))).status, 201);
    }
  });

  after(async () => {
    await env?.stop();
  });

  it("given the zone's Dataplanes (none connected), then each served service is listed offline with its count, address and zone", async () => {
    const list = await call(base, 'GET', '/meshes/default/service-insights');
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 2, 'an Ignored inbound counts for no service');
    assert.equal(list.body.next, null);
    const [db, web] = list.body.items as Record<string, unknown>[];
    assert.deepEqual(
      { ...web, creationTime: undefined, modificationTime: undefined },
      {
        type: 'ServiceInsight',
        mesh: 'default',
        name: 'web',
        creationTime: undefined,
        modificationTime: undefined,
        labels: { 'kuma.io/mesh': 'default' },
        status: 'offline',
        dataplanes: { total: 2, online: 0, offline: 2 },
        serviceType: 'internal',
        addressPort: 'web.mesh:80',
        zones: ['zone-1'],
      },
    );
    assert.equal(db?.name, 'db');
  });

  it('given the cross-mesh list, filters and a single service, then they answer as on the global', async () => {
    assert.deepEqual(
      ((await call(base, 'GET', '/service-insights?name=we')).body.items as { name: string }[]).map((i) => i.name),
      ['web'],
    );
    assert.equal((await call(base, 'GET', '/service-insights?type=gateway_builtin')).body.total, 0);
    assert.equal((await call(base, 'GET', '/service-insights?type=nonsense')).status, 400);
    const single = await call(base, 'GET', '/meshes/default/service-insights/db');
    assert.deepEqual(single.body.dataplanes, { total: 1, online: 0, offline: 1 });
    const unknown = await call(base, 'GET', '/meshes/default/service-insights/nothing');
    assert.deepEqual(unknown.body.dataplanes, { total: 0, online: 0, offline: 0 });
    assert.equal((await call(base, 'GET', '/meshes/missing/service-insights/web')).status, 404);
  });
});
