import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASED_ON_KUMA, KUMIKO_VERSION, ZONE_READ_ONLY_MESSAGE } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import { waitFor } from '@kumiko/testing';
import type { ZoneControlPlane } from '@kumiko/zone-cp';
import { call, startStandaloneZone, startZoneInProcess, type StandaloneZone } from './zone-cp-fixtures.js';

/** The zone CP's REST API, black-box over HTTP, on real NATS. */

const ZONE = 'zone-1';

function dataplaneBody(mesh: string, name: string, service = 'web', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'Dataplane',
    mesh,
    name,
    networking: { address: '10.1.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': service } }] },
    ...extra,
  };
}

describe('zone CP REST API', () => {
  let env: StandaloneZone;
  let zone: ZoneControlPlane;
  let base: string;

  before(async () => {
    env = await startStandaloneZone(ZONE, ['default', 'other']);
    zone = env.zone;
    base = env.api;
  });

  after(async () => {
    await env?.stop();
  });

  it('answers the index routes as the global does: GET /, /who-am-i, /_resources and /policies', async () => {
    const index = await call(base, 'GET', '/');
    assert.equal(index.status, 200);
    assert.equal(index.body['product'], 'Kumiko');
    assert.equal(index.body['version'], KUMIKO_VERSION);
    assert.equal(index.body['basedOnKuma'], BASED_ON_KUMA);
    assert.equal(index.body['instanceId'], zone.instanceId);
    assert.equal(typeof index.body['hostname'], 'string');
    assert.deepEqual(await call(base, 'GET', '/who-am-i'), {
      status: 200,
      body: { name: 'mesh-system:admin', groups: ['mesh-system:admin'] },
    });
    const remote = await fetch(`${base}/who-am-i`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.deepEqual(await remote.json(), { name: 'mesh-system:anonymous', groups: ['mesh-system:unauthenticated'] });
    const resources = (await call(base, 'GET', '/_resources')).body['resources'] as { name: string; readOnly: boolean }[];
    assert.deepEqual(
      resources.filter((entry) => !entry.readOnly).map((entry) => entry.name),
      ['Dataplane', 'ZoneEgress', 'ZoneIngress'],
    );
    assert.deepEqual(await call(base, 'GET', '/policies'), { status: 200, body: { policies: [] } });
  });

  it('creates, updates, reads and deletes a Dataplane, with kuma.io/zone injected', async () => {
    // given no Dataplane "web-1"; when it is PUT
    const created = await call(base, 'PUT', '/meshes/default/dataplanes/web-1', dataplaneBody('default', 'web-1'));
    // then 201 {} and the Dataplane reads back in Kuma's envelope, tagged with the zone
    assert.deepEqual(created, { status: 201, body: {} });
    const read = await call(base, 'GET', '/meshes/default/dataplanes/web-1');
    assert.equal(read.status, 200);
    assert.equal(read.body.type, 'Dataplane');
    assert.equal(read.body.mesh, 'default');
    assert.equal(read.body.name, 'web-1');
    assert.equal(typeof read.body.creationTime, 'string');
    assert.deepEqual((read.body.networking as { inbound: { tags: unknown }[] }).inbound[0]?.tags, {
      'kuma.io/service': 'web',
      'kuma.io/zone': ZONE,
    });

    // when it is PUT again with another service: 200 {} and the change is visible
    const updated = await call(base, 'PUT', '/meshes/default/dataplanes/web-1', dataplaneBody('default', 'web-1', 'web-v2'));
    assert.deepEqual(updated, { status: 200, body: {} });
    const reread = await call(base, 'GET', '/meshes/default/dataplanes/web-1');
    assert.equal((reread.body.networking as { inbound: { tags: Record<string, string> }[] }).inbound[0]?.tags['kuma.io/service'], 'web-v2');
    assert.equal(reread.body.creationTime, read.body.creationTime);

    // when it is deleted: 200, then 404 on read and on a second delete
    assert.equal((await call(base, 'DELETE', '/meshes/default/dataplanes/web-1')).status, 200);
    const gone = await call(base, 'GET', '/meshes/default/dataplanes/web-1');
    assert.equal(gone.status, 404);
    assert.equal(gone.body.detail, 'Not found');
    assert.equal((await call(base, 'DELETE', '/meshes/default/dataplanes/web-1')).status, 404);
  });

  it('rejects an invalid Dataplane with Kuma’s violations and publishes nothing', async () => {
    // given an inbound without kuma.io/service; when it is PUT
    const body = {
      ...dataplaneBody('default', 'bad-1'),
      networking: { address: '10.1.0.1', inbound: [{ port: 8080, tags: { version: 'v1' } }] },
    };
    const answer = await call(base, 'PUT', '/meshes/default/dataplanes/bad-1', body);
    // then 400 with Kuma's violation, and nothing reaches the store
    assert.equal(answer.status, 400);
    assert.equal(answer.body.title, 'Could not process a resource');
    assert.equal(answer.body.detail, 'Resource is not valid');
    assert.deepEqual(answer.body.causes, [{ field: 'networking.inbound[0].tags["kuma.io/service"]', message: 'tag has to exist' }]);
    assert.equal(zone.store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'bad-1' }), undefined);

    const mismatch = await call(base, 'PUT', '/meshes/default/dataplanes/bad-2', dataplaneBody('default', 'other-name'));
    assert.equal(mismatch.status, 400);
    assert.deepEqual(mismatch.body.causes, [{ field: 'name', message: 'name from the URL has to be the same as in body' }]);

    const notJson = await fetch(`${base}/meshes/default/dataplanes/bad-3`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { title: string }).title, 'Bad Request');
  });

  it('rejects a Dataplane in a mesh the global view does not have, resolving the mesh first as Kuma does', async () => {
    const answer = await call(base, 'PUT', '/meshes/nowhere/dataplanes/dp-1', dataplaneBody('nowhere', 'dp-1'));
    assert.deepEqual(
      [answer.status, answer.body],
      [404, { type: '/std-errors', status: 404, title: 'Failed to retrieve Mesh', detail: 'Not found', details: 'Not found' }],
    );
    assert.equal((await call(base, 'GET', '/meshes/nowhere/dataplanes')).body.title, 'Failed to retrieve Mesh');
    assert.equal((await call(base, 'GET', '/meshes/nowhere/dataplanes/dp-1')).status, 404);
    assert.equal((await call(base, 'DELETE', '/meshes/nowhere/dataplanes/dp-1')).body.title, 'Failed to retrieve Mesh');
  });

  it('refuses to create a Dataplane whose kuma.io/workload label is not a DNS-1035 label, as Kuma does', async () => {
    const body = { ...dataplaneBody('default', 'dp-workload'), labels: { 'kuma.io/workload': 'MyWorkload' } };
    const answer = await call(base, 'PUT', '/meshes/default/dataplanes/dp-workload', body);
    assert.deepEqual([answer.status, answer.body.title], [400, 'Bad Request']);
    assert.match(
      String(answer.body.detail),
      /^labels\["kuma\.io\/workload"\]: must be a valid DNS-1035 label \(at most 63 characters, matching regex \[a-z\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\): a DNS-1035 label must consist of /,
    );
    assert.equal(answer.body.invalid_parameters, undefined);
    assert.equal((await call(base, 'GET', '/meshes/default/dataplanes/dp-workload')).status, 404, 'nothing was written');
    const valid = { ...dataplaneBody('default', 'dp-workload'), labels: { 'kuma.io/workload': 'my-workload' } };
    assert.deepEqual(await call(base, 'PUT', '/meshes/default/dataplanes/dp-workload', valid), { status: 201, body: {} });
    assert.equal((await call(base, 'DELETE', '/meshes/default/dataplanes/dp-workload')).status, 200);
  });

  it('serves meshes from the global replica, read-only', async () => {
    const list = await call(base, 'GET', '/meshes');
    assert.equal(list.status, 200);
    assert.deepEqual(
      (list.body.items as { name: string }[]).map((m) => m.name),
      ['default', 'other'],
    );
    const one = await call(base, 'GET', '/meshes/default');
    assert.equal(one.body.type, 'Mesh');
    assert.equal((await call(base, 'GET', '/meshes/absent')).status, 404);
    for (const method of ['PUT', 'DELETE']) {
      const refused = await call(base, method, '/meshes/default', method === 'PUT' ? { type: 'Mesh', name: 'default' } : undefined);
      assert.equal(refused.status, 405);
      assert.equal(refused.body.title, 'Method not allowed');
      assert.equal(refused.body.detail, ZONE_READ_ONLY_MESSAGE);
    }
  });

  it('lists Dataplanes sorted by (mesh, name) with Kuma paging, per mesh and across meshes', async () => {
    for (const [mesh, name] of [
      ['default', 'p-c'],
      ['other', 'p-a'],
      ['default', 'p-a'],
      ['default', 'p-b'],
    ] as const) {
      assert.equal((await call(base, 'PUT', `/meshes/${mesh}/dataplanes/${name}`, dataplaneBody(mesh, name))).status, 201);
    }
    const first = await call(base, 'GET', '/meshes/default/dataplanes?size=2');
    assert.equal(first.body.total, 3);
    assert.deepEqual(
      (first.body.items as { name: string }[]).map((d) => d.name),
      ['p-a', 'p-b'],
    );
    assert.equal(first.body.next, `${base}/meshes/default/dataplanes?offset=2&size=2`);
    const second = await call(base, 'GET', '/meshes/default/dataplanes?size=2&offset=2');
    assert.deepEqual(
      (second.body.items as { name: string }[]).map((d) => d.name),
      ['p-c'],
    );
    assert.equal(second.body.next, null);

    const all = await call(base, 'GET', '/dataplanes?name=p-');
    assert.deepEqual(
      (all.body.items as { mesh: string; name: string }[]).map((d) => `${d.mesh}/${d.name}`),
      ['default/p-a', 'default/p-b', 'default/p-c', 'other/p-a'],
    );

    const overview = await call(base, 'GET', '/meshes/other/dataplanes/_overview');
    const item = (overview.body.items as Record<string, unknown>[])[0];
    assert.equal(item?.type, 'DataplaneOverview');
    assert.equal(item?.name, 'p-a');
    assert.equal((item?.dataplane as { networking: { address: string } }).networking.address, '10.1.0.1');

    const badSize = await call(base, 'GET', '/meshes/default/dataplanes?size=2000');
    assert.equal(badSize.status, 400);
    assert.equal(badSize.body.detail, 'Invalid page size');
  });

  it('answers 409 to concurrent creations of the same Dataplane: exactly one wins', async () => {
    // Whether two PUTs overlap depends on timing, so rounds of concurrent PUTs of a fresh Dataplane are sent
    // until one overlaps; every round must have exactly one creator and no other outcome than 200 or 409.
    let conflict: { status: number; body: Record<string, unknown> } | undefined;
    for (let round = 0; round < 20 && conflict === undefined; round++) {
      const name = `race-${round}`;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => call(base, 'PUT', `/meshes/default/dataplanes/${name}`, dataplaneBody('default', name))),
      );
      const statuses = answers.map((a) => a.status);
      assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${statuses.join(',')}`);
      assert.deepEqual(
        statuses.filter((s) => s !== 201 && s !== 200 && s !== 409),
        [],
      );
      conflict = answers.find((a) => a.status === 409);
      assert.equal((await call(base, 'GET', `/meshes/default/dataplanes/${name}`)).status, 200);
    }
    assert.ok(conflict, 'no round of concurrent PUTs produced a 409');
    assert.equal(conflict.body.title, 'Conflict');
  });

  it('serves writes of a second instance of the zone CP, which sees the first one’s writes', async () => {
    // given a second zone CP of the same zone on the same NATS
    const second = await startZoneInProcess(ZONE, env.nats.url);
    try {
      const secondBase = second.url.replace('0.0.0.0', '127.0.0.1');
      // when the first creates a Dataplane, the second reads it and updates it
      assert.equal((await call(base, 'PUT', '/meshes/default/dataplanes/shared-1', dataplaneBody('default', 'shared-1'))).status, 201);
      await waitFor('the second instance to see shared-1', () =>
        second.store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'shared-1' }),
      );
      assert.equal(
        (await call(secondBase, 'PUT', '/meshes/default/dataplanes/shared-1', dataplaneBody('default', 'shared-1', 'web-v2'))).status,
        200,
      );
      // then the first serves the second's update
      await waitFor('the first instance to see the update', async () => {
        const read = await call(base, 'GET', '/meshes/default/dataplanes/shared-1');
        const tags = (read.body.networking as { inbound: { tags: Record<string, string> }[] }).inbound[0]?.tags;
        return tags?.['kuma.io/service'] === 'web-v2' ? true : undefined;
      });
    } finally {
      await second.stop();
    }
  });

  it('filters Dataplane lists by tag= and gateway= as Kuma does', async () => {
    const edge = {
      type: 'Dataplane',
      mesh: 'other',
      name: 'f-edge',
      networking: { address: '10.1.0.9', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } },
    };
    for (const [name, body] of [
      ['f-web', dataplaneBody('other', 'f-web', 'web-api')],
      ['f-db', dataplaneBody('other', 'f-db', 'db')],
      ['f-edge', edge],
    ] as const) {
      assert.equal((await call(base, 'PUT', `/meshes/other/dataplanes/${name}`, body)).status, 201);
    }
    const names = async (query: string) =>
      ((await call(base, 'GET', `/meshes/other/dataplanes?name=f-&${query}`)).body.items as { name: string }[]).map((d) => d.name);
    assert.deepEqual(await names('tag=kuma.io/service:web'), ['f-web']);
    assert.deepEqual(await names('tag=kuma.io/service:*'), ['f-db', 'f-edge', 'f-web']);
    assert.deepEqual(await names('gateway=builtin'), ['f-edge']);
    assert.deepEqual(await names('gateway=false'), ['f-db', 'f-web']);
    assert.equal((await call(base, 'GET', '/meshes/other/dataplanes?gateway=sometimes')).status, 400);
  });

  it('creates, lists and deletes ZoneIngresses and ZoneEgresses, also under the dashed alias', async () => {
    const ingress = {
      type: 'ZoneIngress',
      name: 'ingress-1',
      networking: { address: '10.0.0.5', port: 10001, advertisedAddress: '192.0.2.10', advertisedPort: 10001 },
    };
    assert.equal((await call(base, 'PUT', '/zoneingresses/ingress-1', ingress)).status, 201);
    const viaAlias = await call(base, 'GET', '/zone-ingresses/ingress-1');
    assert.equal(viaAlias.body.type, 'ZoneIngress');
    assert.equal(viaAlias.body.name, 'ingress-1');
    assert.equal(viaAlias.body.mesh, undefined);
    const list = await call(base, 'GET', '/zoneingresses');
    assert.equal(list.body.total, 1);
    assert.equal((await call(base, 'DELETE', '/zoneingresses/ingress-1')).status, 200);
    assert.equal((await call(base, 'GET', '/zoneingresses/ingress-1')).status, 404);

    const egress = { type: 'ZoneEgress', name: 'egress-1', networking: { address: '10.0.0.6', port: 10002 } };
    assert.equal((await call(base, 'PUT', '/zoneegresses/egress-1', egress)).status, 201);
    assert.equal((await call(base, 'GET', '/zoneegresses')).body.total, 1);
    assert.equal((await call(base, 'DELETE', '/zoneegresses/egress-1')).status, 200);
    assert.equal((await call(base, 'DELETE', '/zoneegresses/egress-1')).status, 404);
  });
});
