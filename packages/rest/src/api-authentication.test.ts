import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { pino } from 'pino';
import { Owners } from '@kumiko/api';
import type { ApiAuthenticationOptions } from './api-authentication.js';
import { registerIndexRoutes } from './index-routes.js';
import { registerKumaApi } from './kuma-api-server.js';
import type { ResourceRecord } from './resource-record.js';
import { registerResourceRoutes } from './resource-routes.js';
import type { ResourceSource } from './resource-source.js';

const TOKENS: Record<string, { name: string; groups: string[] }> = { 'jane-token': { name: 'jane', groups: ['team-a'] } };

/** A verifier standing for a control plane's: a fixed table of valid tokens, anything else rejected. */
async function verifyUserToken(token: string) {
  const user = TOKENS[token];
  if (user === undefined) throw new Error('could not parse token');
  return user;
}

/** An API with the index routes and writable Meshes and Secrets kept in memory. */
function api(authentication: ApiAuthenticationOptions, writeGroups = ['mesh-system:authenticated']): FastifyInstance {
  const records: ResourceRecord[] = [];
  const writer = {
    put: async () => ({ ok: true as const, value: { created: true } }),
    delete: async () => ({ status: 'deleted' as const }),
  };
  const source: ResourceSource = {
    readable: ['Mesh', 'Secret'],
    list: () => ({ total: records.length, items: records }),
    get: () => ({ type: 'Mesh', name: 'default', labels: {}, spec: { type: 'Mesh', name: 'default' } }),
    writers: { Mesh: writer, Secret: writer },
  };
  const http = Fastify();
  registerKumaApi(http, { logger: pino({ level: 'silent' }), isReady: () => true, authentication }, (routes) => {
    registerIndexRoutes(routes, { controlPlane: Owners.global, instanceId: 'cp-1' });
    registerResourceRoutes(routes, source, { controlPlane: Owners.global, writeAccess: { users: [], groups: writeGroups } });
  });
  return http;
}

const LOCAL = { localhostIsAdmin: true, verifyUserToken };

async function whoAmI(http: FastifyInstance, options: Partial<InjectOptions> = {}) {
  const response = await http.inject({ method: 'GET', url: '/who-am-i', ...options });
  return { status: response.statusCode, body: response.json() as unknown };
}

const ADMIN = { name: 'mesh-system:admin', groups: ['mesh-system:admin'] };
const ANONYMOUS = { name: 'mesh-system:anonymous', groups: ['mesh-system:unauthenticated'] };

describe('API authentication', () => {
  it('given a request from this machine to a loopback Host, then it is the admin', async () => {
    const http = api(LOCAL);
    for (const host of ['localhost:5681', '127.0.0.1:5681', '[::1]:5681', 'localhost']) {
      assert.deepEqual(await whoAmI(http, { headers: { host } }), { status: 200, body: ADMIN }, host);
    }
    assert.deepEqual(await whoAmI(http, { remoteAddress: '::ffff:127.0.0.1', headers: { host: 'localhost' } }), {
      status: 200,
      body: ADMIN,
    });
  });

  it('given signs of a proxy, a browser on another site or a rebound DNS name, then localhost is not trusted', async () => {
    const http = api(LOCAL);
    const anonymous = { status: 200, body: ANONYMOUS };
    assert.deepEqual(await whoAmI(http, { remoteAddress: '10.0.0.7', headers: { host: 'localhost:5681' } }), anonymous);
    assert.deepEqual(await whoAmI(http, { headers: { host: 'cp.example.com:5681' } }), anonymous);
    for (const header of ['forwarded', 'x-forwarded-for', 'x-real-ip']) {
      assert.deepEqual(await whoAmI(http, { headers: { host: 'localhost:5681', [header]: '203.0.113.9' } }), anonymous, header);
    }
    assert.deepEqual(await whoAmI(http, { headers: { host: 'localhost:5681', 'sec-fetch-site': 'cross-site' } }), anonymous);
    assert.deepEqual(await whoAmI(http, { headers: { host: 'localhost:5681', origin: 'http://evil.example' } }), anonymous);
    assert.deepEqual(
      await whoAmI(http, { headers: { host: 'localhost:5681', origin: 'http://localhost:5681', 'sec-fetch-site': 'same-origin' } }),
      {
        status: 200,
        body: ADMIN,
      },
    );
    assert.deepEqual(await whoAmI(api({ ...LOCAL, localhostIsAdmin: false }), { headers: { host: 'localhost:5681' } }), anonymous);
  });

  it('given a bearer user token, then it names the user, who joins mesh-system:authenticated; a bad one is 401', async () => {
    const http = api(LOCAL);
    const remote = { remoteAddress: '10.0.0.7', headers: { host: 'cp.example.com' } };
    assert.deepEqual(await whoAmI(http, { ...remote, headers: { ...remote.headers, authorization: 'Bearer jane-token' } }), {
      status: 200,
      body: { name: 'jane', groups: ['team-a', 'mesh-system:authenticated'] },
    });
    assert.deepEqual(await whoAmI(http, { ...remote, headers: { ...remote.headers, authorization: 'Bearer forged' } }), {
      status: 401,
      body: {
        type: '/std-errors',
        status: 401,
        title: 'Invalid authentication data',
        detail: 'Unauthenticated',
        details: 'Unauthenticated',
      },
    });
    assert.deepEqual(await whoAmI(http, { ...remote, headers: { ...remote.headers, authorization: 'Basic amFuZTpwdw==' } }), {
      status: 200,
      body: ANONYMOUS,
    });
    const index = await http.inject({ method: 'GET', url: '/', ...remote, headers: { ...remote.headers, authorization: 'Bearer forged' } });
    assert.equal(index.statusCode, 200, 'GET / is answered without looking at credentials');
  });

  it('given the default write access, then anonymous remote writes are refused and authenticated ones pass', async () => {
    const http = api(LOCAL);
    const put = (headers: Record<string, string>, url = '/meshes/demo') =>
      http.inject({ method: 'PUT', url, remoteAddress: '10.0.0.7', headers: { host: 'cp.example.com', ...headers }, payload: '{}' });
    const refused = await put({});
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(refused.json(), {
      type: '/std-errors',
      status: 403,
      title: 'Access Denied',
      detail:
        'user "mesh-system:anonymous/mesh-system:unauthenticated" cannot write the resource of type "Mesh": writes need an authenticated user (a user token)',
      details:
        'user "mesh-system:anonymous/mesh-system:unauthenticated" cannot write the resource of type "Mesh": writes need an authenticated user (a user token)',
    });
    assert.equal(
      (await http.inject({ method: 'DELETE', url: '/meshes/demo', remoteAddress: '10.0.0.7', headers: { host: 'x' } })).statusCode,
      403,
    );
    assert.equal((await put({ authorization: 'Bearer jane-token' })).statusCode, 201);
    const secret = await put({ authorization: 'Bearer jane-token' }, '/meshes/default/secrets/s');
    assert.equal(secret.statusCode, 403, 'an authenticated user is still not an admin');
    assert.match(String((secret.json() as { detail: string }).detail), /cannot access the resource of type "Secret"/);
    const local = await http.inject({ method: 'PUT', url: '/meshes/default/secrets/s', headers: { host: 'localhost' }, payload: '{}' });
    assert.equal(local.statusCode, 201, 'the localhost admin writes Secrets');
  });

  it('given write access relaxed to unauthenticated users, then anonymous writes pass as in Kuma OSS', async () => {
    const http = api(LOCAL, ['mesh-system:authenticated', 'mesh-system:unauthenticated']);
    const response = await http.inject({
      method: 'PUT',
      url: '/meshes/demo',
      remoteAddress: '10.0.0.7',
      headers: { host: 'x' },
      payload: '{}',
    });
    assert.equal(response.statusCode, 201);
  });
});
