import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { BASED_ON_KUMA, KUMIKO_VERSION, Owners, type Owner } from '@kumiko/api';
import { registerIndexRoutes, type IndexRoutesOptions } from './index-routes.js';
import { registerKumaApi } from './kuma-api-server.js';

function app(options: IndexRoutesOptions): FastifyInstance {
  const http = Fastify();
  registerKumaApi(http, { logger: pino({ level: 'silent' }), isReady: () => true }, (api) => registerIndexRoutes(api, options));
  return http;
}

async function get(http: FastifyInstance, url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await http.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
}

type Entry = Record<string, unknown>;
const resourcesOn = async (controlPlane: Owner): Promise<Entry[]> =>
  (await get(app({ controlPlane, instanceId: 'cp-1' }), '/_resources')).body['resources'] as Entry[];

describe('index routes', () => {
  it('given either control plane, when GET /, then it answers Kuma 2.13 index fields, without the old tagline', async () => {
    for (const controlPlane of [Owners.global, Owners.zone]) {
      const { status, body } = await get(app({ controlPlane, instanceId: 'cp-1' }), '/');
      assert.equal(status, 200);
      assert.deepEqual(body, {
        hostname: hostname(),
        product: 'Kumiko',
        version: KUMIKO_VERSION,
        basedOnKuma: BASED_ON_KUMA,
        instanceId: 'cp-1',
        clusterId: '',
        gui: '',
      });
    }
  });

  it('given a cluster id source, when GET /, then the current cluster id is reported', async () => {
    let clusterId = '';
    const http = app({ controlPlane: Owners.global, instanceId: 'cp-1', clusterId: () => clusterId });
    assert.equal((await get(http, '/')).body['clusterId'], '');
    clusterId = '4a4b0c2e-0000-4000-8000-000000000001';
    assert.equal((await get(http, '/')).body['clusterId'], clusterId);
  });

  it('given no authentication, when GET /who-am-i, then the caller is Kuma anonymous user', async () => {
    const { status, body } = await get(app({ controlPlane: Owners.zone, instanceId: 'cp-1' }), '/who-am-i');
    assert.equal(status, 200);
    assert.deepEqual(body, { name: 'mesh-system:anonymous', groups: ['mesh-system:unauthenticated'] });
  });

  it('given a user source, when GET /who-am-i, then it answers that user name and groups only', async () => {
    const user = (request: { headers: Record<string, unknown> }) => ({
      name: String(request.headers['x-user']),
      groups: ['team-a', 'mesh-system:authenticated'],
      secret: 'never shown',
    });
    const http = app({ controlPlane: Owners.global, instanceId: 'cp-1', user });
    const response = await http.inject({ method: 'GET', url: '/who-am-i', headers: { 'x-user': 'jane' } });
    assert.deepEqual(response.json(), { name: 'jane', groups: ['team-a', 'mesh-system:authenticated'] });
  });

  it('given the global, when GET /_resources, then every registry type is listed by name in Kuma entry shape', async () => {
    const { status, body } = await get(app({ controlPlane: Owners.global, instanceId: 'cp-1' }), '/_resources');
    assert.equal(status, 200);
    const resources = body['resources'] as Entry[];
    assert.deepEqual(
      resources.map((entry) => entry['name']),
      ['Dataplane', 'DataplaneInsight', 'GlobalSecret', 'Mesh', 'Secret', 'Zone', 'ZoneEgress', 'ZoneIngress', 'ZoneInsight'],
    );
    assert.deepEqual(resources[0], {
      includeInFederation: false,
      name: 'Dataplane',
      path: 'dataplanes',
      pluralDisplayName: 'Dataplanes',
      readOnly: true,
      scope: 'Mesh',
      shortName: 'dp',
      singularDisplayName: 'Dataplane',
    });
    assert.deepEqual(
      resources.find((entry) => entry['name'] === 'ZoneIngress'),
      {
        includeInFederation: false,
        name: 'ZoneIngress',
        path: 'zoneingresses',
        pluralDisplayName: 'Zone Ingresses',
        readOnly: true,
        scope: 'Global',
        shortName: 'zi',
        singularDisplayName: 'Zone Ingress',
      },
    );
    assert.deepEqual(
      resources.filter((entry) => entry['includeInFederation'] === true).map((entry) => entry['name']),
      ['GlobalSecret', 'Mesh', 'Secret'],
    );
    assert.ok(
      resources.every((entry) => !('policy' in entry)),
      'no policy type is registered yet',
    );
  });

  it('given each control plane, when GET /_resources, then readOnly marks what that CP does not accept writes of', async () => {
    const writable = (entries: Entry[]) => entries.filter((entry) => entry['readOnly'] === false).map((entry) => entry['name']);
    assert.deepEqual(writable(await resourcesOn(Owners.global)), ['GlobalSecret', 'Mesh', 'Secret', 'Zone']);
    assert.deepEqual(writable(await resourcesOn(Owners.zone)), ['Dataplane', 'ZoneEgress', 'ZoneIngress']);
  });

  it('given no policy type in the registry, when GET /policies, then Kuma policy list is empty', async () => {
    const { status, body } = await get(app({ controlPlane: Owners.zone, instanceId: 'cp-1' }), '/policies');
    assert.equal(status, 200);
    assert.deepEqual(body, { policies: [] });
  });
});
