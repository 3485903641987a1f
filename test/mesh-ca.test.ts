/**
 * The builtin CA on the global CP (real NATS and Postgres): a mesh that lists a `builtin` mTLS backend gets its CA
 * as the mesh's two Secrets, which reach every zone on the GLOBAL stream; Secrets are admin-only over REST; a
 * Secret an mTLS backend uses cannot be deleted; deleting the mesh removes its Secrets everywhere.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { secretText, type Secret } from '@kumiko/api';
import { waitFor } from '@kumiko/testing';
import type { GlobalReplica } from '@kumiko/zone-cp';
import { api, openReplica, REMOTE_CLIENT, startApiEnvironment, type ApiEnvironment } from './global-api-fixtures.js';

const CERT = 'secure.ca-builtin-cert-ca-1';
const KEY = 'secure.ca-builtin-key-ca-1';

function builtinMesh(name: string, conf?: Record<string, unknown>, enabled = 'ca-1'): Record<string, unknown> {
  return {
    type: 'Mesh',
    name,
    mtls: { enabledBackend: enabled, backends: [{ name: 'ca-1', type: 'builtin', ...(conf === undefined ? {} : { conf }) }] },
  };
}

describe('builtin CA: created by the global with its mesh, sent to zones as Secrets', () => {
  let env: ApiEnvironment;
  let url: string;
  let replica: GlobalReplica;
  let closeReplica: () => Promise<void>;

  const secretOnZone = (mesh: string, name: string) =>
    waitFor(`Secret ${mesh}/${name} on a zone`, () => replica.get('secret', name, mesh) as Secret | undefined);

  before(async () => {
    // anonymous requests count as admins here, so that the Secret routes can be exercised without authentication
    env = await startApiEnvironment({ KUMA_ACCESS_STATIC_ADMIN_RESOURCES_GROUPS: 'mesh-system:admin,mesh-system:unauthenticated' });
    url = env.global.url;
    ({ replica, close: closeReplica } = await openReplica(env.nats.url));
  });
  after(async () => {
    await closeReplica?.();
    await env?.stop();
  });

  it('given a mesh with a builtin backend, then its CA certificate and key reach the zones and chain as Kuma’s builtin CA does', async () => {
    assert.equal((await api(url, '/meshes/secure', { method: 'PUT', body: builtinMesh('secure') })).status, 201);
    const cert = new X509Certificate(secretText(await secretOnZone('secure', CERT)));
    const key = createPrivateKey(secretText(await secretOnZone('secure', KEY)));
    assert.equal(cert.ca, true);
    assert.equal(cert.subject, 'O=Kuma\nOU=Mesh\nCN=secure');
    assert.equal(cert.subjectAltName, 'URI:spiffe://secure');
    assert.equal(cert.serialNumber, '0');
    assert.ok(cert.verify(cert.publicKey), 'self-signed');
    assert.ok(cert.checkPrivateKey(key), 'the key is the certificate’s');
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365 * 24 * 3600 * 1000);
    assert.ok(years > 9.99 && years < 10.01, `valid for ten years, not ${years}`);
  });

  it('given the mesh updated, then its CA stays as it was (a builtin CA is never regenerated)', async () => {
    const before = secretText(await secretOnZone('secure', CERT));
    const updated = {
      ...builtinMesh('secure', { caCert: { RSAbits: 2048, expiration: '1y' } }),
      routing: { localityAwareLoadBalancing: true },
    };
    assert.equal((await api(url, '/meshes/secure', { method: 'PUT', body: updated })).status, 200);
    await waitFor('the update on the zone', () => {
      const mesh = replica.get('mesh', 'secure');
      return mesh?.type === 'Mesh' && mesh.routing?.localityAwareLoadBalancing === true ? true : undefined;
    });
    assert.equal(secretText(await secretOnZone('secure', CERT)), before);
  });

  it('given conf.caCert.expiration, then the CA lives that long; a disabled builtin backend gets its CA too', async () => {
    const body = builtinMesh('short', { caCert: { expiration: '1y' } }, '');
    assert.equal((await api(url, '/meshes/short', { method: 'PUT', body })).status, 201);
    const cert = new X509Certificate(secretText(await secretOnZone('short', 'short.ca-builtin-cert-ca-1')));
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (24 * 3600 * 1000);
    assert.ok(Math.abs(days - 365) < 0.01, `valid for a year, not ${days} days`);
  });

  it('given an admin, then the mesh’s Secrets are listed and read in Kuma’s shape', async () => {
    const list = await api(url, '/meshes/secure/secrets');
    assert.equal(list.status, 200);
    assert.deepEqual(
      (list.body['items'] as Array<Record<string, unknown>>).map((item) => [item['type'], item['mesh'], item['name']]),
      [
        // every mesh also gets its dataplane-token signing key, as in Kuma
        ['Secret', 'secure', 'dataplane-token-signing-key-secure-1'],
        ['Secret', 'secure', CERT],
        ['Secret', 'secure', KEY],
      ],
    );
    const one = await api(url, `/meshes/secure/secrets/${CERT}`);
    assert.deepEqual(Object.keys(one.body).sort(), ['creationTime', 'data', 'labels', 'mesh', 'modificationTime', 'name', 'type']);
    assert.deepEqual(one.body['labels'], { 'kuma.io/mesh': 'secure' });
  });

  it('given a Secret the mesh’s CA uses, then deleting it is refused with Kuma’s message and it stays', async () => {
    const refused = await api(url, `/meshes/secure/secrets/${KEY}`, { method: 'DELETE' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body['invalid_parameters'], [
      {
        field: 'name',
        reason:
          `The secret "${KEY}" that you are trying to remove is currently in use in Mesh "secure" in mTLS backend "ca-1". ` +
          'Please remove the reference from the "ca-1" backend before removing the secret.',
      },
    ]);
    assert.equal((await api(url, `/meshes/secure/secrets/${KEY}`)).status, 200);
  });

  it('given an admin writing a Secret of their own, then it is validated, stored, sent and deleted', async () => {
    const empty = await api(url, '/meshes/secure/secrets/token', {
      method: 'PUT',
      body: { type: 'Secret', mesh: 'secure', name: 'token' },
    });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.body['invalid_parameters'], [{ field: 'data', reason: 'cannot be empty' }]);
    const body = { type: 'Secret', mesh: 'secure', name: 'token', data: Buffer.from('s3cr3t').toString('base64') };
    assert.equal((await api(url, '/meshes/secure/secrets/token', { method: 'PUT', body })).status, 201);
    assert.equal(secretText(await secretOnZone('secure', 'token')), 's3cr3t');
    assert.equal((await api(url, '/meshes/secure/secrets/token', { method: 'DELETE' })).status, 200);
    await waitFor('the Secret gone from the zone', () => (replica.get('secret', 'token', 'secure') === undefined ? true : undefined));
  });

  it('given mesh names and backends Kuma’s manager refuses, then 400 with its messages and no CA is stored', async () => {
    const long = 'm'.repeat(64);
    const tooLong = await api(url, `/meshes/${long}`, { method: 'PUT', body: { type: 'Mesh', name: long } });
    assert.deepEqual(
      [tooLong.status, tooLong.body['invalid_parameters']],
      [400, [{ field: 'name', reason: 'cannot be longer than 63 characters' }]],
    );
    const badBackend = {
      type: 'Mesh',
      name: 'badca',
      mtls: { enabledBackend: 'CA_1', backends: [{ name: 'CA_1', type: 'builtin' }] },
    };
    const refused = await api(url, '/meshes/badca', { method: 'PUT', body: badBackend });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body['invalid_parameters'], [
      { field: 'mtls.backends[0].conf', reason: '"CA_1" name must be valid dns name' },
    ]);
    assert.equal((await api(url, '/meshes/badca')).status, 404);
    assert.equal((await api(url, '/meshes/badca/secrets')).status, 404, 'no mesh, no secrets');
  });

  it('given the mesh deleted, then its Secrets are gone from the zones too', async () => {
    assert.equal((await api(url, '/meshes/short', { method: 'DELETE' })).status, 200);
    await waitFor('the CA Secrets gone from the zone', () =>
      replica.get('secret', 'short.ca-builtin-cert-ca-1', 'short') === undefined &&
      replica.get('secret', 'short.ca-builtin-key-ca-1', 'short') === undefined
        ? true
        : undefined,
    );
  });
});

describe('Secrets over REST without admin rights', () => {
  let env: ApiEnvironment;

  before(async () => {
    env = await startApiEnvironment();
  });
  after(async () => {
    await env?.stop();
  });

  it('given an anonymous remote user, then every Secret route answers Kuma’s 403 and the CA is still created', async () => {
    const url = env.global.url;
    assert.equal((await api(url, '/meshes/secure', { method: 'PUT', body: builtinMesh('secure') })).status, 201);
    const denied = {
      type: '/std-errors',
      status: 403,
      title: 'Access Denied',
      detail: 'user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access the resource of type "Secret"',
      details: 'user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access the resource of type "Secret"',
    };
    for (const [method, path] of [
      ['GET', '/meshes/secure/secrets'],
      ['GET', `/meshes/secure/secrets/${CERT}`],
      ['GET', '/secrets'],
      ['PUT', '/meshes/secure/secrets/x'],
      ['DELETE', `/meshes/secure/secrets/${CERT}`],
    ] as const) {
      const reply = await api(url, path, {
        method,
        headers: REMOTE_CLIENT,
        ...(method === 'PUT' ? { body: { type: 'Secret', mesh: 'secure', name: 'x', data: 'eA==' } } : {}),
      });
      assert.deepEqual([reply.status, reply.body], [403, denied], `${method} ${path}`);
    }
  });
});
