import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeZoneIngress, hashedName } from '@kumiko/api';
import { waitFor } from '@kumiko/testing';
import type { GlobalReplica } from '@kumiko/zone-cp';
import { api, heartbeat, openReplica, startApiEnvironment, zoneEgress, type ApiEnvironment } from './global-api-fixtures.js';
import { dataplane, openZone, zoneIngress } from './pipeline-fixtures.js';

type Body = Record<string, unknown>;

describe('global REST API: meshes owned by global, zones enabled, disabled and deleted', () => {
  let env: ApiEnvironment;
  let url: string;
  let replica: GlobalReplica;
  let closeReplica: () => Promise<void>;

  const seen = (kind: 'mesh' | 'zoneingress' | 'zoneegress', name: string, present = true) =>
    waitFor(`${kind} ${name} ${present ? 'in' : 'gone from'} another zone's replica`, () =>
      (replica.get(kind, name) !== undefined) === present ? true : undefined,
    );

  before(async () => {
    env = await startApiEnvironment();
    url = env.global.url;
    ({ replica, close: closeReplica } = await openReplica(env.nats.url));
  });
  after(async () => {
    await closeReplica?.();
    await env?.stop();
  });

  describe('meshes', () => {
    it('creates a mesh (201), updates it (200) and sends both to every zone', async () => {
      const created = await api(url, '/meshes/payments', {
        method: 'PUT',
        body: { type: 'Mesh', name: 'payments', labels: { team: 'pay' } },
      });
      assert.deepEqual([created.status, created.body], [201, {}]);
      const first = (await api(url, '/meshes/payments')).body;
      assert.equal(first['type'], 'Mesh');
      assert.deepEqual(first['labels'], { team: 'pay' });
      await seen('mesh', 'payments');

      const updated = await api(url, '/meshes/payments', {
        method: 'PUT',
        body: { type: 'Mesh', name: 'payments', routing: { localityAwareLoadBalancing: true } },
      });
      assert.deepEqual([updated.status, updated.body], [200, {}]);
      const second = (await api(url, '/meshes/payments')).body;
      assert.equal((second['routing'] as Body)['localityAwareLoadBalancing'], true);
      assert.equal(second['labels'], undefined);
      assert.equal(second['creationTime'], first['creationTime']);
      assert.ok(String(second['modificationTime']) >= String(first['modificationTime']));
      await waitFor('the update in the replica', () => {
        const mesh = replica.get('mesh', 'payments');
        return mesh?.type === 'Mesh' && mesh.routing?.localityAwareLoadBalancing === true ? true : undefined;
      });
    });

    const invalid: Array<[string, string, unknown, number, Body]> = [
      [
        'name in the URL and body differ',
        'm1',
        { type: 'Mesh', name: 'm2' },
        400,
        {
          detail: 'Resource is not valid',
          invalid_parameters: [{ field: 'name', reason: 'name from the URL has to be the same as in body' }],
        },
      ],
      [
        'type in the body is another',
        'm1',
        { type: 'Dataplane', name: 'm1' },
        400,
        { invalid_parameters: [{ field: 'type', reason: 'type from the URL has to be the same as in body' }] },
      ],
      [
        'zone egress without mTLS (spec rule)',
        'm1',
        { type: 'Mesh', name: 'm1', routing: { zoneEgress: true } },
        400,
        { title: 'Could not process a resource', invalid_parameters: [{ field: 'mtls', reason: 'has to be set when zoneEgress enabled' }] },
      ],
      [
        'an origin label other than global',
        'm1',
        { type: 'Mesh', name: 'm1', labels: { 'kuma.io/origin': 'zone' } },
        400,
        { invalid_parameters: [{ field: 'labels["kuma.io/origin"]', reason: "the origin label must be set to 'global'" }] },
      ],
      [
        'a CA backend type without a plugin',
        'm1',
        { type: 'Mesh', name: 'm1', mtls: { backends: [{ name: 'ca-1', type: 'vault' }] } },
        400,
        {
          title: 'Failed to create a resource',
          invalid_parameters: [{ field: 'mtls.backends[0].type', reason: 'could not find installed plugin for this type' }],
        },
      ],
    ];
    for (const [name, path, body, status, expected] of invalid) {
      it(`refuses a mesh when ${name}, and stores nothing`, async () => {
        const response = await api(url, `/meshes/${path}`, { method: 'PUT', body });
        assert.equal(response.status, status);
        assert.equal(response.body['type'], '/std-errors');
        for (const [key, value] of Object.entries(expected)) assert.deepEqual(response.body[key], value, key);
        assert.equal((await api(url, `/meshes/${path}`)).status, 404);
      });
    }

    it('refuses bodies that are not JSON or have wrong types with Kuma’s Bad Request', async () => {
      const notJson = await api(url, '/meshes/m1', { method: 'PUT', rawBody: '{"type": "Mesh",' });
      assert.equal(notJson.status, 400);
      assert.equal(notJson.body['title'], 'Bad Request');
      assert.match(String(notJson.body['detail']), /^invalid Mesh object: "/);
      const wrongType = await api(url, '/meshes/m1', { method: 'PUT', body: { type: 'Mesh', name: 'm1', mtls: 'yes' } });
      assert.equal(wrongType.status, 400);
      assert.match(String(wrongType.body['detail']), /^invalid Mesh object: ".*mtls/);
      const empty = await api(url, '/meshes/m1', { method: 'PUT', rawBody: '' });
      assert.equal(empty.status, 400);
    });

    it('accepts a mesh whose name is not a DNS-1035 label with Kuma’s deprecation warning, on create and update', async () => {
      const warning =
        "Invalid name: 'aa.a'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: a DNS-1035 label must " +
        "consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric " +
        "character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
      const created = await api(url, '/meshes/aa.a', { method: 'PUT', body: { type: 'Mesh', name: 'aa.a' } });
      assert.deepEqual([created.status, created.body], [201, { warnings: [warning] }]);
      const updated = await api(url, '/meshes/aa.a', {
        method: 'PUT',
        body: { type: 'Mesh', name: 'aa.a', routing: { localityAwareLoadBalancing: true } },
      });
      assert.deepEqual([updated.status, updated.body], [200, { warnings: [warning] }]);
      assert.equal((await api(url, '/meshes/aa.a')).body['name'], 'aa.a');
      assert.equal((await api(url, '/meshes/aa.a', { method: 'DELETE' })).status, 200);
    });

    it('refuses to change the CA while mTLS is enabled (Kuma’s mesh validator)', async () => {
      const mtls = (enabledBackend: string) => ({ enabledBackend, backends: [{ name: enabledBackend, type: 'builtin' }] });
      assert.equal(
        (await api(url, '/meshes/secure', { method: 'PUT', body: { type: 'Mesh', name: 'secure', mtls: mtls('ca-1') } })).status,
        201,
      );
      const change = await api(url, '/meshes/secure', { method: 'PUT', body: { type: 'Mesh', name: 'secure', mtls: mtls('ca-2') } });
      assert.equal(change.status, 400);
      assert.equal(change.body['title'], 'Failed to update a resource');
      assert.deepEqual(change.body['invalid_parameters'], [
        {
          field: 'mtls.enabledBackend',
          reason: 'Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA',
        },
      ]);
      assert.equal(((await api(url, '/meshes/secure')).body['mtls'] as Body)['enabledBackend'], 'ca-1');
    });

    it('refuses to delete a mesh while Dataplanes exist in it; deletes it once they are gone, in every zone', async () => {
      assert.equal((await api(url, '/meshes/busy', { method: 'PUT', body: { type: 'Mesh', name: 'busy' } })).status, 201);
      await seen('mesh', 'busy');
      const zone = await openZone(env.nats.url, 'zone-1');
      await zone.store.upsert(dataplane('busy', 'dp-1', 'web'));
      await env.projected();
      const refused = await api(url, '/meshes/busy', { method: 'DELETE' });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, {
        type: '/std-errors',
        status: 400,
        title: 'Could not delete a resource',
        detail: 'Resource is not valid',
        invalid_parameters: [{ field: 'mesh', reason: 'unable to delete mesh, there are still some dataplanes attached' }],
        details: 'Resource is not valid',
        causes: [{ field: 'mesh', message: 'unable to delete mesh, there are still some dataplanes attached' }],
      });
      assert.equal((await api(url, '/meshes/busy')).status, 200);

      await zone.store.delete('dataplane', 'busy', 'dp-1');
      await zone.close();
      await env.projected();
      const deleted = await api(url, '/meshes/busy', { method: 'DELETE' });
      assert.deepEqual([deleted.status, deleted.body], [200, {}]);
      assert.equal((await api(url, '/meshes/busy')).status, 404);
      await seen('mesh', 'busy', false);
      assert.equal((await api(url, '/meshes/busy', { method: 'DELETE' })).status, 404);
    });

    it('creates the default mesh at the first start only: once deleted it stays deleted across restarts', async () => {
      await seen('mesh', 'default');
      assert.equal((await api(url, '/meshes/default', { method: 'DELETE' })).status, 200);
      await env.restartGlobal();
      url = env.global.url;
      assert.equal((await api(url, '/meshes/default')).status, 404);
      assert.equal(replica.get('mesh', 'default'), undefined);
    });

    it('does not create the default mesh with KUMA_DEFAULTS_SKIP_MESH_CREATION=true', async () => {
      const other = await env.startGlobal(
        { KUMA_DEFAULTS_SKIP_MESH_CREATION: 'true' },
        { zonesStream: 'ZONES', globalStream: 'GLOBAL', projector: 'skip-mesh-projector' },
        await env.postgres.createDatabase(),
      );
      const { body } = await api(other.url, '/meshes');
      assert.deepEqual([body.total, body.items], [0, []]);
    });
  });

  describe('zones', () => {
    const zi = hashedName('', 'zi-1', 'zone-1');
    const ze = hashedName('', 'ze-1', 'zone-1');

    it('disabling a zone withdraws its ZoneIngresses and ZoneEgresses from other zones; enabling it sends their current state', async () => {
      const zone = await openZone(env.nats.url, 'zone-1');
      await zone.store.upsert(zoneIngress('zi-1', '192.0.2.1'));
      await zone.store.upsert(zoneEgress('ze-1'));
      await zone.store.upsert(dataplane('payments', 'dp-kept', 'web'));
      await Promise.all([seen('zoneingress', zi), seen('zoneegress', ze)]);

      const disabled = await api(url, '/zones/zone-1', { method: 'PUT', body: { type: 'Zone', name: 'zone-1', enabled: false } });
      assert.deepEqual([disabled.status, disabled.body], [200, {}]);
      await Promise.all([seen('zoneingress', zi, false), seen('zoneegress', ze, false)]);
      assert.equal((await api(url, '/zones/zone-1')).body['enabled'], false);
      assert.deepEqual(((await api(url, '/zones/zone-1/_overview')).body['zone'] as Body)['enabled'], false);
      // The zone's resources stay on the global CP.
      assert.equal((await api(url, '/zoneingresses')).body.total, 1);
      assert.equal((await api(url, '/meshes/payments/dataplanes')).body.total, 1);

      // A change made while the zone is disabled does not reach other zones…
      const moved = decodeZoneIngress({
        type: 'ZoneIngress',
        name: 'zi-1',
        networking: { port: 10001, advertisedAddress: '192.0.2.99', advertisedPort: 10001 },
      });
      assert.ok(moved.ok);
      await zone.store.upsert(moved.value);
      await env.projected();
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(replica.get('zoneingress', zi), undefined);

      // …and re-enabling sends the current state.
      assert.equal((await api(url, '/zones/zone-1', { method: 'PUT', body: { type: 'Zone', name: 'zone-1' } })).status, 200);
      await Promise.all([seen('zoneingress', zi), seen('zoneegress', ze)]);
      const back = replica.get('zoneingress', zi);
      assert.equal(back?.type === 'ZoneIngress' ? back.networking?.advertisedAddress : undefined, '192.0.2.99');
      assert.equal((await api(url, '/zones/zone-1')).body['enabled'], true);
      await zone.close();
    });

    it('creates a zone (201) and refuses a zone whose body does not match the URL', async () => {
      const created = await api(url, '/zones/zone-new', {
        method: 'PUT',
        body: { type: 'Zone', name: 'zone-new', labels: { region: 'eu' } },
      });
      assert.deepEqual([created.status, created.body], [201, {}]);
      assert.deepEqual((await api(url, '/zones/zone-new')).body['labels'], { region: 'eu' });
      const mismatch = await api(url, '/zones/zone-new', { method: 'PUT', body: { type: 'Zone', name: 'zone-other' } });
      assert.equal(mismatch.status, 400);
      assert.deepEqual(mismatch.body['invalid_parameters'], [{ field: 'name', reason: 'name from the URL has to be the same as in body' }]);
      const badJson = await api(url, '/zones/zone-new', { method: 'PUT', rawBody: 'enabled: false' });
      assert.equal(badJson.status, 400);
      assert.match(String(badJson.body['detail']), /^invalid Zone object/);
    });

    it('refuses to delete a zone while its CP is connected; once offline, deletes it with everything it owned', async () => {
      const zone = await openZone(env.nats.url, 'zone-3');
      await zone.store.upsert(dataplane('payments', 'dp-3', 'api'));
      await zone.store.upsert(zoneIngress('zi-3'));
      const beating = await heartbeat(env.nats.url, 'zone-3');
      const zi3 = hashedName('', 'zi-3', 'zone-3');
      await seen('zoneingress', zi3);
      await waitFor('zone-3 online', async () => {
        const insight = (await api(url, '/zones/zone-3/_overview')).body['zoneInsight'] as { subscriptions: Body[] } | undefined;
        return insight?.subscriptions.some((s) => s['disconnectTime'] === undefined) ? true : undefined;
      });

      const refused = await api(url, '/zones/zone-3', { method: 'DELETE' });
      assert.equal(refused.status, 400);
      assert.equal(refused.body['title'], 'Could not delete a resource');
      assert.deepEqual(refused.body['invalid_parameters'], [
        { field: 'zone', reason: 'unable to delete Zone, Zone CP is still connected, please shut it down first' },
      ]);
      assert.equal((await api(url, '/zones/zone-3')).status, 200);

      // The zone CP stops; after KUMA_METRICS_ZONE_IDLE_TIMEOUT (1 s here) the zone is offline.
      await beating.stop();
      await zone.close();
      await waitFor(
        'zone-3 offline',
        async () => {
          const insight = (await api(url, '/zones/zone-3/_overview')).body['zoneInsight'] as { subscriptions: Body[] } | undefined;
          return insight?.subscriptions.every((s) => s['disconnectTime'] !== undefined) ? true : undefined;
        },
        { timeoutMs: 10_000 },
      );
      const deleted = await api(url, '/zones/zone-3', { method: 'DELETE' });
      assert.deepEqual([deleted.status, deleted.body], [200, {}]);
      assert.equal((await api(url, '/zones/zone-3')).status, 404);
      assert.deepEqual(
        ((await api(url, '/meshes/payments/dataplanes')).body.items ?? []).map((item) => (item['labels'] as Body)['kuma.io/zone']),
        ['zone-1'],
      );
      assert.equal((await api(url, `/zoneingresses/${zi3}`)).status, 404);
      await seen('zoneingress', zi3, false);
      assert.ok(replica.get('zoneingress', zi), 'other zones’ ingresses stay');
      assert.equal((await api(url, '/zones/zone-3', { method: 'DELETE' })).status, 404);
      await waitFor('service insights without zone-3', async () => {
        const services = (await api(url, '/meshes/payments/service-insights')).body.items ?? [];
        return services.every((s) => s['name'] !== 'api') ? true : undefined;
      });
    });
  });
});
