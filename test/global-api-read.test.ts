import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GLOBAL_READ_ONLY_MESSAGE, hashedName, KUMIKO_VERSION } from '@kumiko/api';
import { waitFor } from '@kumiko/testing';
import { api, heartbeat, insight, listAll, startApiEnvironment, zoneEgress, type ApiEnvironment } from './global-api-fixtures.js';
import { dataplane, openZone, zoneIngress } from './pipeline-fixtures.js';

/** The global name of a Dataplane `name` of `mesh` from `zone`. */
const dp = (name: string, zone = 'zone-a', mesh = 'default'): string => hashedName(mesh, name, zone);
const names = (items: ReadonlyArray<Record<string, unknown>> | undefined): unknown[] => (items ?? []).map((item) => item['name']);
const sorted = (values: string[]): string[] => [...values].sort();

describe('global REST API: reads over the projection, paging, filters and errors', () => {
  let env: ApiEnvironment;
  let url: string;
  let stopHeartbeat: (() => Promise<void>) | undefined;

  before(async () => {
    env = await startApiEnvironment();
    url = env.global.url;
    const a = await openZone(env.nats.url, 'zone-a');
    const b = await openZone(env.nats.url, 'zone-b');
    const inbound = (service: string, version: string, extra: Record<string, unknown> = {}) => ({
      port: 8080,
      tags: { 'kuma.io/service': service, version },
      ...extra,
    });
    await a.store.upsert(dataplane('default', 'web-1', 'web', { labels: { team: 'a' } }));
    await a.store.upsert(
      dataplane('default', 'web-2', 'web', { labels: { team: 'b' }, networking: { address: '10.1.0.2', inbound: [inbound('web', 'v2')] } }),
    );
    await a.store.upsert(dataplane('default', 'web-admin-1', 'web-admin'));
    await a.store.upsert(
      dataplane('default', 'backend-1', 'backend', {
        networking: {
          address: '10.1.0.3',
          inbound: [
            inbound('backend', 'v1'),
            { port: 9090, tags: { 'kuma.io/service': 'backend-admin', version: 'v2' }, health: { ready: false } },
          ],
        },
      }),
    );
    await a.store.upsert(
      dataplane('default', 'gw-1', 'edge', {
        networking: { address: '10.1.0.4', gateway: { type: 'DELEGATED', tags: { 'kuma.io/service': 'edge' } } },
      }),
    );
    await a.store.upsert(
      dataplane('default', 'gw-2', 'ingress-gw', {
        networking: { address: '10.1.0.5', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'ingress-gw' } } },
      }),
    );
    await b.store.upsert(dataplane('default', 'web-3', 'web'));
    await b.store.upsert(dataplane('other', 'other-1', 'web'));
    await b.store.upsert(insight('default', 'web-3', 'offline'));
    for (const name of ['web-2', 'web-admin-1', 'backend-1', 'gw-1']) await a.store.upsert(insight('default', name, 'online'));
    await a.store.upsert(insight('default', 'web-1', 'online', 'ca-1')); // last: once it counts, everything does
    await a.store.upsert(zoneIngress('zi-a'));
    await a.store.upsert(zoneEgress('ze-a'));
    stopHeartbeat = (await heartbeat(env.nats.url, 'zone-a')).stop;
    await Promise.all([a.close(), b.close()]);
    await env.projected();
    await api(url, '/meshes/other', { method: 'PUT', body: { type: 'Mesh', name: 'other' } });
    // Insights catch up with the projection once per resync interval.
    await waitFor('service insights', async () => {
      const web = (await api(url, '/meshes/default/service-insights/web')).body['dataplanes'] as { online: number } | undefined;
      return web?.online === 2 ? true : undefined;
    });
  });
  after(async () => {
    await stopHeartbeat?.();
    await env?.stop();
  });

  it('GET / says what answers', async () => {
    const { status, body } = await api(url, '/');
    assert.equal(status, 200);
    assert.equal(body['product'], 'Kumiko');
    assert.equal(body['version'], KUMIKO_VERSION);
    assert.equal(body['basedOnKuma'], '2.13.10');
    assert.equal(body['instanceId'], env.global.instanceId);
    assert.equal(typeof body['hostname'], 'string');
    assert.equal(body['gui'], '');
    assert.equal('tagline' in body, false);
    const resources = (await api(url, '/_resources')).body['resources'] as { name: string; readOnly: boolean }[];
    assert.deepEqual(
      resources.filter((entry) => !entry.readOnly).map((entry) => entry.name),
      ['GlobalSecret', 'Mesh', 'Secret', 'Zone'],
    );
  });

  it('lists meshes, with the default mesh created at the first start', async () => {
    const { body } = await api(url, '/meshes');
    assert.deepEqual(names(body.items), ['default', 'other']);
    assert.equal(body.items?.[0]?.['type'], 'Mesh');
    assert.equal((await api(url, '/meshes/default')).body['name'], 'default');
    assert.equal((await api(url, '/meshes/missing')).status, 404);
  });

  it('serves Dataplanes under their global names with the pinned labels, sorted by name, in the flat envelope', async () => {
    const { status, body } = await api(url, '/meshes/default/dataplanes');
    assert.equal(status, 200);
    assert.equal(body.total, 7);
    assert.deepEqual(
      names(body.items),
      sorted(['web-1', 'web-2', 'web-admin-1', 'backend-1', 'gw-1', 'gw-2'].map((n) => dp(n)).concat(dp('web-3', 'zone-b'))),
    );
    const web1 = body.items?.find((item) => item['name'] === dp('web-1'));
    assert.match(String(web1?.['name']), /^web-1-[bcdfghjklmnpqrstvwxz2456789]{16}$/);
    assert.deepEqual(web1?.['labels'], {
      team: 'a',
      'kuma.io/origin': 'zone',
      'kuma.io/zone': 'zone-a',
      'kuma.io/display-name': 'web-1',
      'kuma.io/mesh': 'default',
      'kuma.io/env': 'universal',
      'kuma.io/proxy-type': 'sidecar',
    });
    assert.equal(web1?.['kri'], 'kri_dp_default_zone-a__web-1_', 'the KRI names the zone and the display name');
    assert.equal(web1?.['type'], 'Dataplane');
    assert.equal(web1?.['mesh'], 'default');
    assert.match(String(web1?.['creationTime']), /^\d{4}-\d\d-\d\dT/);
    assert.match(String(web1?.['modificationTime']), /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual((web1?.['networking'] as { inbound: Array<{ tags: unknown }> }).inbound[0]?.tags, {
      'kuma.io/service': 'web',
      version: 'v1',
      'kuma.io/zone': 'zone-a',
    });
    assert.equal(body.next, null);
  });

  it('pages with size, offset and absolute next links that keep the query', async () => {
    const first = await api(url, '/meshes/default/dataplanes?size=3');
    assert.equal(first.body.total, 7);
    assert.equal(first.body.items?.length, 3);
    assert.equal(first.body.next, `${url}/meshes/default/dataplanes?offset=3&size=3`);
    const { items, pages } = await listAll(url, '/meshes/default/dataplanes?size=3');
    assert.deepEqual(
      pages.map((page) => page.items?.length),
      [3, 3, 1],
    );
    assert.deepEqual(names(items), names((await api(url, '/meshes/default/dataplanes')).body.items));
    assert.equal(pages.at(-1)?.next, null);

    const filtered = await api(url, '/meshes/default/dataplanes?tag=kuma.io/service:web&size=3');
    assert.equal(filtered.body.total, 4);
    assert.equal(filtered.body.next, `${url}/meshes/default/dataplanes?offset=3&size=3&tag=kuma.io%2Fservice%3Aweb`);
    assert.equal((await listAll(url, '/meshes/default/dataplanes?tag=kuma.io/service:web&size=3')).items.length, 4);

    const beyond = await api(url, '/meshes/default/dataplanes?offset=100');
    assert.deepEqual([beyond.status, beyond.body.total, beyond.body.items, beyond.body.next], [200, 7, [], null]);
    assert.equal((await api(url, '/meshes/default/dataplanes?size=1000')).body.total, 7);
  });

  it('lists Dataplanes across meshes sorted by (mesh, name)', async () => {
    const { body } = await api(url, '/dataplanes');
    assert.equal(body.total, 8);
    assert.deepEqual(
      (body.items ?? []).map((item) => item['mesh']),
      ['default', 'default', 'default', 'default', 'default', 'default', 'default', 'other'],
    );
    assert.equal(body.items?.[7]?.['name'], dp('other-1', 'zone-b', 'other'));
  });

  it('filters by name substring', async () => {
    assert.deepEqual(sorted(names((await api(url, '/meshes/default/dataplanes?name=admin')).body.items) as string[]), [dp('web-admin-1')]);
    assert.equal((await api(url, '/meshes/default/dataplanes?name=web-')).body.total, 4);
    assert.equal((await api(url, '/meshes/default/dataplanes?name=nothing-like-this')).body.total, 0);
  });

  const tagCases: Array<[string, string, string[]]> = [
    ['a value matches as a substring', 'tag=kuma.io/service:web', [dp('web-1'), dp('web-2'), dp('web-3', 'zone-b'), dp('web-admin-1')]],
    ['all tags must hold for one inbound', 'tag=kuma.io/service:web&tag=version:v2', [dp('web-2')]],
    ['tags of different inbounds do not combine', 'tag=kuma.io/service:backend-admin&tag=version:v1', []],
    [
      '* matches any value of an existing key',
      'tag=version:*',
      [dp('web-1'), dp('web-2'), dp('web-3', 'zone-b'), dp('web-admin-1'), dp('backend-1')],
    ],
    ['the gateway’s tags count', 'tag=kuma.io/service:edge', [dp('gw-1')]],
    ['the zone tag injected by the zone', 'tag=kuma.io/zone:zone-b', [dp('web-3', 'zone-b')]],
    [
      'a value without a colon is ignored',
      'tag=bogus',
      ['web-1', 'web-2', 'web-admin-1', 'backend-1', 'gw-1', 'gw-2'].map((n) => dp(n)).concat(dp('web-3', 'zone-b')),
    ],
    ['labels are not tags', 'tag=team:a', []],
    ['an unknown value matches nothing', 'tag=kuma.io/service:nope', []],
  ];
  for (const [name, query, expected] of tagCases) {
    it(`tag filter: ${name}`, async () => {
      const { status, body } = await api(url, `/meshes/default/dataplanes?${query}`);
      assert.equal(status, 200);
      assert.deepEqual(names(body.items), sorted(expected));
      assert.equal(body.total, expected.length);
      // With a label filter the query is answered by SQL alone (GIN prefilter and exact recheck): same result.
      const bySql = await api(url, `/meshes/default/dataplanes?${query}&filter[labels.kuma.io/origin]=zone`);
      assert.deepEqual(names(bySql.body.items), sorted(expected));
    });
  }

  it('tag filter: Dataplanes written or deleted after the insights’ last catch-up are accounted for', async () => {
    // As in Kuma, a mesh-scoped list of a mesh the global does not have answers 404: the mesh exists first.
    assert.equal((await api(url, '/meshes/fresh', { method: 'PUT', body: { type: 'Mesh', name: 'fresh' } })).status, 201);
    const zone = await openZone(env.nats.url, 'zone-a');
    const fresh = async () => names((await api(url, '/meshes/fresh/dataplanes?tag=kuma.io/service:new-serv')).body.items);
    await zone.store.upsert(dataplane('fresh', 'fresh-1', 'brand-new-service'));
    await zone.store.upsert(dataplane('fresh', 'fresh-2', 'brand-new-service'));
    await env.projected();
    assert.deepEqual(await fresh(), [dp('fresh-1', 'zone-a', 'fresh'), dp('fresh-2', 'zone-a', 'fresh')]);
    await waitFor('the catch-up', async () => ((await api(url, '/meshes/fresh/service-insights')).body.total === 1 ? true : undefined));
    await zone.store.delete('dataplane', 'fresh', 'fresh-1');
    await zone.store.upsert(dataplane('fresh', 'fresh-2', 'renamed-service'));
    await zone.store.upsert(dataplane('fresh', 'fresh-3', 'brand-new-service'));
    await zone.close();
    await env.projected();
    assert.deepEqual(await fresh(), [dp('fresh-3', 'zone-a', 'fresh')]);
    assert.deepEqual(names((await api(url, '/meshes/fresh/dataplanes?tag=kuma.io/service:renamed')).body.items), [
      dp('fresh-2', 'zone-a', 'fresh'),
    ]);
  });

  it('filters by labels (exact) and rejects other filters', async () => {
    assert.deepEqual(names((await api(url, '/meshes/default/dataplanes?filter[labels.team]=a')).body.items), [dp('web-1')]);
    assert.deepEqual(names((await api(url, '/meshes/default/dataplanes?filter[labels.kuma.io/zone]=zone-b')).body.items), [
      dp('web-3', 'zone-b'),
    ]);
    assert.equal((await api(url, '/meshes/default/dataplanes?filter[labels.team]=a&filter[labels.kuma.io/zone]=zone-b')).body.total, 0);
    assert.equal((await api(url, '/meshes/default/dataplanes?filter[labels.team]=ab')).body.total, 0);
    assert.deepEqual(names((await api(url, '/zoneingresses?filter[labels.kuma.io/zone]=zone-a')).body.items), [
      hashedName('', 'zi-a', 'zone-a'),
    ]);

    const other = await api(url, '/meshes/default/dataplanes?filter[name]=x');
    assert.equal(other.status, 400);
    assert.deepEqual(other.body['invalid_parameters'], [
      { field: '/meshes/{mesh}/dataplanes.filter[name]', reason: 'filters are only supported on labels' },
    ]);
    assert.equal(other.body['title'], 'Could not retrieve resources');
    const advanced = await api(url, '/zones?filter[labels.a][gt]=1');
    assert.equal(advanced.status, 400);
    assert.deepEqual(advanced.body['causes'], [{ field: '/zones.filter[labels.a][gt]', message: 'advanced filters are not supported' }]);
  });

  it('filters by gateway mode and rejects other modes', async () => {
    const gateway = async (mode: string) => names((await api(url, `/meshes/default/dataplanes?gateway=${mode}`)).body.items);
    assert.deepEqual(await gateway('true'), sorted([dp('gw-1'), dp('gw-2')]));
    assert.deepEqual(await gateway('TRUE'), sorted([dp('gw-1'), dp('gw-2')]));
    assert.deepEqual(await gateway('builtin'), [dp('gw-2')]);
    assert.deepEqual(await gateway('delegated'), [dp('gw-1')]);
    assert.equal((await gateway('false')).length, 5);
    const bad = await api(url, '/meshes/default/dataplanes/_overview?gateway=sometimes');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body['invalid_parameters'], [
      {
        field: '/meshes/{mesh}/dataplanes/_overview.gateway',
        reason: "shoud use `true`, `false`, 'builtin' or 'delegated' instead of sometimes",
      },
    ]);
  });

  const pagingErrors: Array<[string, string, string, string]> = [
    ['a size that is not a number', 'size=ten', 'Invalid page size', 'invalid format'],
    ['a size over 1000', 'size=1001', 'Invalid page size', 'invalid page size of 1001. Maximum page size is 1000'],
    ['a size of zero', 'size=0', 'Invalid page size', 'invalid format'],
    ['an offset that is not a number', 'offset=abc', 'Invalid offset', 'Invalid format'],
    ['a negative offset', 'offset=-3', 'Invalid offset', 'Invalid format'],
  ];
  for (const [name, query, detail, reason] of pagingErrors) {
    it(`400 for ${name}`, async () => {
      for (const path of ['/meshes/default/dataplanes', '/zones', '/meshes', '/meshes/default/service-insights']) {
        const { status, body } = await api(url, `${path}?${query}`);
        assert.equal(status, 400, path);
        assert.equal(body['detail'], detail);
        assert.equal(body['type'], '/std-errors');
        assert.deepEqual(
          (body['invalid_parameters'] as Array<{ reason: string }>).map((p) => p.reason),
          [reason],
        );
      }
    });
  }

  it('serves one Dataplane and its overview; 404 in Kuma’s shape for a missing one', async () => {
    const one = await api(url, `/meshes/default/dataplanes/${dp('web-1')}`);
    assert.equal(one.body['name'], dp('web-1'));
    const overview = await api(url, `/meshes/default/dataplanes/${dp('web-1')}/_overview`);
    assert.equal(overview.body['type'], 'DataplaneOverview');
    assert.ok((overview.body['dataplane'] as Record<string, unknown>)['networking']);
    const insightPart = overview.body['dataplaneInsight'] as {
      subscriptions: Array<Record<string, unknown>>;
      mTLS: Record<string, unknown>;
    };
    assert.equal(insightPart.subscriptions.length, 1);
    assert.equal(insightPart.mTLS['issuedBackend'], 'ca-1');
    assert.deepEqual((await api(url, `/meshes/default/dataplanes+insights/${dp('web-1')}`)).body, overview.body);
    const missing = await api(url, '/meshes/default/dataplanes/web-1');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      type: '/std-errors',
      status: 404,
      title: 'Could not retrieve a resource',
      detail: 'Not found',
      details: 'Not found',
    });
    assert.equal((await api(url, `/meshes/default/dataplanes/${dp('gw-2')}/_overview`)).body['dataplaneInsight'], undefined);
  });

  it('lists DataplaneOverviews (and the legacy dataplanes+insights) with their insights and the same filters', async () => {
    const { body } = await api(url, '/meshes/default/dataplanes/_overview?tag=kuma.io/service:web&size=2');
    assert.equal(body.total, 4);
    assert.deepEqual(names(body.items), sorted([dp('web-1'), dp('web-2'), dp('web-3', 'zone-b'), dp('web-admin-1')]).slice(0, 2));
    assert.ok(body.items?.every((item) => item['type'] === 'DataplaneOverview' && item['dataplaneInsight'] !== undefined));
    assert.match(String(body.next), /\/meshes\/default\/dataplanes\/_overview\?offset=2&size=2&tag=/);
    const legacy = await api(url, '/meshes/default/dataplanes+insights?tag=kuma.io/service:web&size=2');
    assert.deepEqual(legacy.body.items, body.items);
    const offline = (await api(url, `/meshes/default/dataplanes/_overview?name=web-3`)).body.items?.[0];
    const subscription = (offline?.['dataplaneInsight'] as { subscriptions: Array<Record<string, unknown>> }).subscriptions[0];
    assert.ok(subscription?.['disconnectTime'], 'an offline proxy’s subscription is closed');
  });

  it('lists zones and their overviews with insights', async () => {
    const zones = await api(url, '/zones');
    assert.deepEqual(names(zones.body.items), ['zone-a', 'zone-b']);
    assert.deepEqual(Object.keys(zones.body.items?.[0] ?? {}).sort(), [
      'creationTime',
      'enabled',
      'kri',
      'modificationTime',
      'name',
      'type',
    ]);
    assert.equal(zones.body.items?.[0]?.['enabled'], true);
    const overview = await api(url, '/zones/_overview');
    const zoneA = overview.body.items?.[0] as {
      type: string;
      zone: { enabled: boolean };
      zoneInsight: { subscriptions: Array<Record<string, unknown>> };
    };
    assert.equal(zoneA.type, 'ZoneOverview');
    assert.deepEqual(zoneA.zone, { enabled: true });
    assert.equal(zoneA.zoneInsight.subscriptions.at(-1)?.['zoneInstanceId'], 'zone-a-cp');
    assert.equal(zoneA.zoneInsight.subscriptions.at(-1)?.['disconnectTime'], undefined);
    assert.equal((overview.body.items?.[1] as Record<string, unknown>)['zoneInsight'], undefined, 'zone-b never sent a heartbeat');
    // The legacy path answers the same; a heartbeat may land between the two reads and move lastUpdateTime.
    const withoutUpdateTimes = (items: unknown): unknown =>
      JSON.parse(JSON.stringify(items, (key, value: unknown) => (key === 'lastUpdateTime' ? undefined : value)));
    assert.deepEqual(withoutUpdateTimes((await api(url, '/zones+insights')).body.items), withoutUpdateTimes(overview.body.items));
    assert.equal((await api(url, '/zones/zone-a/_overview')).body['type'], 'ZoneOverview');
    assert.equal((await api(url, '/zones/zone-a')).body['type'], 'Zone');
    assert.equal((await api(url, '/zones/zone-x')).status, 404);
    assert.deepEqual(names((await api(url, '/zones?size=1&offset=1')).body.items), ['zone-b']);
  });

  it('lists ZoneIngresses (and /zone-ingresses) and ZoneEgresses with their overviews', async () => {
    const zi = hashedName('', 'zi-a', 'zone-a');
    const ingresses = await api(url, '/zoneingresses');
    assert.deepEqual(names(ingresses.body.items), [zi]);
    const item = ingresses.body.items?.[0] ?? {};
    assert.equal(item['zone'], 'zone-a');
    assert.equal(item['mesh'], undefined);
    assert.deepEqual((await api(url, '/zone-ingresses')).body.items, ingresses.body.items);
    assert.deepEqual((await api(url, `/zone-ingresses/${zi}`)).body, item);
    const overview = await api(url, '/zoneingresses/_overview');
    assert.equal(overview.body.items?.[0]?.['type'], 'ZoneIngressOverview');
    assert.equal((overview.body.items?.[0]?.['zoneIngress'] as Record<string, unknown>)['zone'], 'zone-a');
    const ze = hashedName('', 'ze-a', 'zone-a');
    assert.deepEqual(names((await api(url, '/zoneegresses')).body.items), [ze]);
    const egressOverview = await api(url, '/zoneegresses/_overview');
    assert.equal(egressOverview.body.items?.[0]?.['type'], 'ZoneEgressOverview');
    assert.deepEqual((await api(url, '/zoneegressoverviews')).body.items, egressOverview.body.items);
    assert.equal((await api(url, `/zoneegresses/${ze}/_overview`)).body['type'], 'ZoneEgressOverview');
    assert.equal((await api(url, '/zoneegresses/ze-a')).status, 404);
  });

  it('computes service insights per mesh: status, dataplane counts, zones, backends, addressPort', async () => {
    const { body } = await api(url, '/meshes/default/service-insights');
    const byName = new Map((body.items ?? []).map((item) => [item['name'], item]));
    assert.deepEqual([...byName.keys()], ['backend', 'backend-admin', 'edge', 'ingress-gw', 'web', 'web-admin']);
    const web = byName.get('web');
    assert.equal(web?.['type'], 'ServiceInsight');
    assert.equal(web?.['mesh'], 'default');
    assert.equal(web?.['status'], 'partially_degraded');
    assert.deepEqual(web?.['dataplanes'], { total: 3, online: 2, offline: 1 });
    assert.deepEqual(web?.['zones'], ['zone-a', 'zone-b']);
    assert.deepEqual(web?.['issuedBackends'], { 'ca-1': 1 });
    assert.equal(web?.['addressPort'], 'web.mesh:80');
    assert.equal(web?.['serviceType'], 'internal');
    assert.equal(byName.get('web-admin')?.['status'], 'online');
    // backend-1 has one inbound not ready: a partially degraded proxy counts as offline for its services.
    assert.deepEqual(byName.get('backend')?.['dataplanes'], { total: 1, online: 0, offline: 1 });
    assert.equal(byName.get('backend')?.['status'], 'offline');
    assert.equal(byName.get('edge')?.['serviceType'], 'gateway_delegated');
    assert.equal(byName.get('edge')?.['status'], 'online');
    assert.equal(byName.get('edge')?.['addressPort'], undefined);
    assert.equal(byName.get('ingress-gw')?.['serviceType'], 'gateway_builtin');
    assert.equal(byName.get('ingress-gw')?.['status'], 'offline');
    assert.equal(body.total, 6);
  });

  it('filters, pages and finds service insights; rejects unknown service types', async () => {
    assert.deepEqual(names((await api(url, '/meshes/default/service-insights?type=gateway_builtin,gateway_delegated')).body.items), [
      'edge',
      'ingress-gw',
    ]);
    assert.deepEqual(names((await api(url, '/meshes/default/service-insights?name=web')).body.items), ['web', 'web-admin']);
    const page = await api(url, '/meshes/default/service-insights?size=2&offset=2');
    assert.deepEqual(names(page.body.items), ['edge', 'ingress-gw']);
    assert.equal(page.body.next, `${url}/meshes/default/service-insights?offset=4&size=2`);
    const bad = await api(url, '/meshes/default/service-insights?type=mystery');
    assert.equal(bad.status, 400);
    assert.equal(bad.body['detail'], 'unsupported service type');
    const one = await api(url, '/meshes/default/service-insights/web');
    assert.deepEqual(one.body['dataplanes'], { total: 3, online: 2, offline: 1 });
    assert.deepEqual((await api(url, '/meshes/default/service-insights/unknown')).body['dataplanes'], { total: 0, online: 0, offline: 0 });
    assert.equal((await api(url, '/meshes/no-such-mesh/service-insights/web')).status, 404);
    const all = await api(url, '/service-insights');
    assert.deepEqual(
      (all.body.items ?? []).filter((item) => item['mesh'] === 'other').map((item) => [item['name'], item['status']]),
      [['web', 'offline']],
    );
  });

  it('GET /global-insight counts meshes, zones, zone proxies, dataplanes and services', async () => {
    const { body } = await api(url, '/global-insight');
    assert.deepEqual(body['meshes'], { total: 3 }, 'default, other and fresh');
    assert.deepEqual(body['zones'], {
      controlPlanes: { total: 2, online: 1 },
      zoneIngresses: { total: 1, online: 1 },
      zoneEgresses: { total: 1, online: 1 },
    });
    const dataplanes = body['dataplanes'] as Record<string, Record<string, number>>;
    assert.deepEqual(dataplanes['gatewayBuiltin'], { total: 1, online: 0, offline: 1, partiallyDegraded: 0 });
    assert.deepEqual(dataplanes['gatewayDelegated'], { total: 1, online: 1, offline: 0, partiallyDegraded: 0 });
    assert.equal(dataplanes['standard']?.['online'], 3);
    assert.equal(dataplanes['standard']?.['partiallyDegraded'], 1);
    const services = body['services'] as Record<string, Record<string, number>>;
    assert.equal(services['internal']?.['online'], 1);
    assert.equal(services['internal']?.['partiallyDegraded'], 1);
    assert.deepEqual(services['gatewayDelegated'], { total: 1, online: 1, offline: 0, partiallyDegraded: 0 });
    assert.deepEqual(services['external'], { total: 0 });
    assert.match(String(body['createdAt']), /^\d{4}-/);
  });

  it('answers 405 with Kuma’s message to writes of zone-owned resources and insights', async () => {
    for (const path of [
      `/meshes/default/dataplanes/${dp('web-1')}`,
      `/zoneingresses/${hashedName('', 'zi-a', 'zone-a')}`,
      '/zone-ingresses/zi',
      '/zoneegresses/ze',
      '/meshes/default/dataplane-insights/x',
      '/meshes/default/service-insights/web',
      '/zone-insights/zone-a',
    ]) {
      for (const method of ['PUT', 'DELETE']) {
        const { status, body } = await api(url, path, { method, body: { type: 'Dataplane', mesh: 'default', name: 'x' } });
        assert.equal(status, 405, `${method} ${path}`);
        assert.deepEqual(body, {
          type: '/std-errors',
          status: 405,
          title: 'Method not allowed',
          detail: GLOBAL_READ_ONLY_MESSAGE,
          details: GLOBAL_READ_ONLY_MESSAGE,
        });
      }
    }
  });

  it('answers an unknown path with 404 in Kuma’s shape', async () => {
    const { status, body } = await api(url, '/no/such/path');
    assert.equal(status, 404);
    assert.equal(body['type'], '/std-errors');
    assert.equal(body['detail'], 'Not found');
  });
});
