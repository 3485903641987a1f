import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { pino } from 'pino';
import { Owners } from '@kumiko/api';
import { DEFAULT_ADMIN_ACCESS, registerKumaApi, registerResourceRoutes, setRequestUser } from '@kumiko/rest';
import { createDatabase, migrateToLatest, type KumikoDatabase } from '@kumiko/store';
import { startPostgres, type PostgresServer } from '@kumiko/testing';
import { ensureAdminUserToken } from '../admin-user-token.js';
import { ensureGlobalSigningKeys, USER_TOKEN_SIGNING_KEYS, ZONE_TOKEN_SIGNING_KEYS } from '../global-token-signing-keys.js';
import type { ApiContext } from './api-context.js';
import { globalResourceSource } from './global-resource-source.js';
import { globalSecretWriter } from './global-secret-writer.js';
import { registerTokenRoutes } from './token-routes.js';

const logger = pino({ level: 'silent' });
const CHECKPOINT = 'global-projector';
const ADMIN = 'mesh-system:admin/mesh-system:admin';
const JANE = 'jane/team-a';

/**
 * The token routes and GlobalSecrets as users see them. Who a request runs as comes from an `x-test-user:
 * <name>/<groups,>` header that an onRequest hook records with setRequestUser, as the authentication step will.
 */
describe('token routes and GlobalSecret access, per user', () => {
  let postgres: PostgresServer;
  let db: Kysely<KumikoDatabase>;
  const servers: FastifyInstance[] = [];

  async function server(issuers: ApiContext['tokenIssuers'] = { dataplane: true, zone: true, user: true }): Promise<FastifyInstance> {
    const options = { checkpoint: CHECKPOINT, onOutbox: () => undefined, logger };
    // Only what token routes and GlobalSecret routes read; the other members are never touched here.
    const ctx = {
      db,
      instanceId: 'global-test',
      globalSecrets: globalSecretWriter(db, options),
      adminAccess: DEFAULT_ADMIN_ACCESS,
      generateDataplaneTokenAccess: DEFAULT_ADMIN_ACCESS,
      generateZoneTokenAccess: DEFAULT_ADMIN_ACCESS,
      generateUserTokenAccess: DEFAULT_ADMIN_ACCESS,
      tokenIssuers: issuers,
      logger,
    } as Partial<ApiContext> as ApiContext;
    const http = Fastify();
    http.addHook('onRequest', async (request) => {
      const header = request.headers['x-test-user'];
      if (typeof header !== 'string') return;
      const [name = '', groups = ''] = header.split('/');
      setRequestUser(request, { name, groups: groups.split(',').filter((group) => group !== '') });
    });
    registerKumaApi(http, { logger, isReady: () => true }, (api) => {
      registerResourceRoutes(api, globalResourceSource(ctx), { controlPlane: Owners.global, adminAccess: ctx.adminAccess });
      registerTokenRoutes(api, ctx);
    });
    await http.ready();
    servers.push(http);
    return http;
  }

  const post = async (http: FastifyInstance, path: string, body: unknown, user?: string) => {
    const response = await http.inject({
      method: 'POST',
      url: path,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(user === undefined ? {} : { 'x-test-user': user }) },
    });
    return { status: response.statusCode, type: String(response.headers['content-type']), text: response.body };
  };
  const errorOf = (text: string) => {
    const body = JSON.parse(text) as { title: string; detail: string; invalid_parameters?: unknown };
    return {
      title: body.title,
      detail: body.detail,
      ...(body.invalid_parameters === undefined ? {} : { invalid_parameters: body.invalid_parameters }),
    };
  };

  before(async () => {
    postgres = await startPostgres();
    db = createDatabase({ connectionString: await postgres.createDatabase(), maxConnections: 4 });
    await migrateToLatest(db);
    await ensureGlobalSigningKeys(db, [ZONE_TOKEN_SIGNING_KEYS, USER_TOKEN_SIGNING_KEYS], { checkpoint: CHECKPOINT });
    await ensureAdminUserToken(db, { checkpoint: CHECKPOINT });
  });
  after(async () => {
    for (const http of servers) await http.close();
    await db?.destroy();
    await postgres?.stop();
  });

  it('given an admin, then admin-user-token is readable as a GlobalSecret; anyone else gets Kuma’s 403', async () => {
    const http = await server();
    const asAdmin = await http.inject({ url: '/global-secrets/admin-user-token', headers: { 'x-test-user': ADMIN } });
    assert.equal(asAdmin.statusCode, 200);
    const secret = JSON.parse(asAdmin.body) as { type: string; name: string; data: string };
    assert.deepEqual([secret.type, secret.name], ['GlobalSecret', 'admin-user-token']);
    assert.equal(decodeJwt(Buffer.from(secret.data, 'base64').toString('utf8'))['Name'], 'mesh-system:admin');
    const anonymous = await http.inject({ url: '/global-secrets/admin-user-token' });
    assert.equal(anonymous.statusCode, 403);
    assert.deepEqual(errorOf(anonymous.body), {
      title: 'Access Denied',
      detail: 'user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access the resource of type "GlobalSecret"',
    });
  });

  it('given users who may not generate tokens, then each route answers its own 403 before checking the body', async () => {
    const http = await server();
    const zone = await post(http, '/tokens/zone', { zone: 'east' }, JANE);
    assert.equal(zone.status, 403);
    assert.deepEqual(errorOf(zone.text), {
      title: 'Access Denied',
      detail: `user "jane/team-a" cannot access generate zone token for zone 'east'`,
    });
    const user = await post(http, '/tokens/user', {}, JANE);
    assert.equal(user.status, 403);
    assert.deepEqual(errorOf(user.text), { title: 'Access Denied', detail: 'action not allowed' });
    const dataplane = await post(http, '/tokens/dataplane', { mesh: 'default' });
    assert.equal(dataplane.status, 403);
    assert.deepEqual(errorOf(dataplane.text), {
      title: 'Access Denied',
      detail: 'user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access generate dataplane token',
    });
  });

  it('given an admin’s invalid requests, then the answers are Kuma’s violations', async () => {
    const http = await server();
    const cases = [
      {
        path: '/tokens/zone',
        body: { zone: 'east', validFor: '1d' },
        violations: [
          ['scope', 'cannot be empty'],
          ['validFor', 'is invalid: time: invalid duration "1d"'],
        ],
      },
      {
        path: '/tokens/user',
        body: { groups: ['g'] },
        violations: [
          ['name', 'cannot be empty'],
          ['validFor', 'cannot be empty'],
        ],
      },
      { path: '/tokens/user', body: { name: 'jane', validFor: '0s' }, violations: [['validFor', 'cannot be empty or nil']] },
      {
        path: '/tokens/user',
        body: { name: 'jane', validFor: 'soon' },
        violations: [['validFor', 'is invalid: time: invalid duration "soon"']],
      },
    ];
    for (const { path, body, violations } of cases) {
      const answer = await post(http, path, body, ADMIN);
      assert.equal(answer.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.deepEqual(errorOf(answer.text), {
        title: 'Invalid request',
        detail: 'Resource is not valid',
        invalid_parameters: violations.map(([field, reason]) => ({ field, reason })),
      });
    }
    const garbled = await post(http, '/tokens/user', '{', ADMIN);
    assert.deepEqual([garbled.status, garbled.text], [400, '']);
  });

  it('given an admin’s valid requests, then the tokens are Kuma’s, as text/plain', async () => {
    const http = await server();
    const zone = await post(http, '/tokens/zone', { zone: 'east', scope: ['ingress'] }, ADMIN);
    assert.equal(zone.status, 200, zone.text);
    assert.match(zone.type, /^text\/plain/);
    assert.deepEqual(decodeProtectedHeader(zone.text), { alg: 'RS256', kid: '1', typ: 'JWT' });
    const zoneClaims = decodeJwt(zone.text);
    assert.deepEqual(
      [zoneClaims['Zone'], zoneClaims['Scope'], Number(zoneClaims.exp) - Number(zoneClaims.iat)],
      ['east', ['ingress'], 10 * 365 * 24 * 3600 + 5],
    );
    const user = await post(http, '/tokens/user', { name: 'jane', validFor: '24h' }, ADMIN);
    assert.equal(user.status, 200, user.text);
    const userClaims = decodeJwt(user.text);
    assert.deepEqual(
      [userClaims['Name'], userClaims['Groups'], Number(userClaims.exp) - Number(userClaims.iat)],
      ['jane', null, 24 * 3600 + 5],
    );
  });

  it('given disabled issuers, then an admin’s valid request answers Kuma’s 400', async () => {
    const http = await server({ dataplane: false, zone: false, user: false });
    for (const [path, body] of [
      ['/tokens/user', { name: 'jane', validFor: '1h' }],
      ['/tokens/zone', { zone: 'east', scope: ['egress'] }],
      ['/tokens/dataplane', { mesh: 'default' }],
    ] as const) {
      const answer = await post(http, path, body, ADMIN);
      assert.equal(answer.status, 400, path);
      assert.deepEqual(errorOf(answer.text), {
        title: 'Could not issue a token',
        detail: 'issuing tokens using the control plane is disabled.',
      });
    }
  });
});
