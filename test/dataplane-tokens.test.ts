/**
 * Dataplane tokens on the global CP (real NATS and Postgres): every mesh gets its signing key as a mesh Secret,
 * which reaches the zones on the GLOBAL stream; `POST /tokens/dataplane` answers Kuma's token, signed with the
 * mesh's newest key; its checks and missing-key answer are Kuma's.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { secretData, secretText, type Secret } from '@kumiko/api';
import { generateTokenSigningKeyPem } from '@kumiko/pki';
import { waitFor } from '@kumiko/testing';
import type { GlobalReplica } from '@kumiko/zone-cp';
import { api, openReplica, startApiEnvironment, type ApiEnvironment, REMOTE_CLIENT } from './global-api-fixtures.js';

async function postToken(
  base: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${base}/tokens/dataplane`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('dataplane tokens: signing keys per mesh and POST /tokens/dataplane on the global', () => {
  let env: ApiEnvironment;
  let url: string;
  let replica: GlobalReplica;
  let closeReplica: () => Promise<void>;

  const secretOnZone = (mesh: string, name: string) =>
    waitFor(`Secret ${mesh}/${name} on a zone`, () => replica.get('secret', name, mesh) as Secret | undefined);

  before(async () => {
    // the test's requests come from localhost, so they are the admin's (Secrets and token generation)
    env = await startApiEnvironment();
    url = env.global.url;
    ({ replica, close: closeReplica } = await openReplica(env.nats.url));
  });
  after(async () => {
    await closeReplica?.();
    await env?.stop();
  });

  it('given the default mesh and a new mesh, then each has its signing key Secret, an RSA PKCS#1 key, on the zones', async () => {
    assert.match(secretText(await secretOnZone('default', 'dataplane-token-signing-key-default-1')), /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.equal((await api(url, '/meshes/other', { method: 'PUT', body: { type: 'Mesh', name: 'other' } })).status, 201);
    assert.match(secretText(await secretOnZone('other', 'dataplane-token-signing-key-other-1')), /^-----BEGIN RSA PRIVATE KEY-----\n/);
  });

  it('given a request, then the answer is Kuma’s token as text/plain, signed by the mesh’s key', async () => {
    const body = { name: 'dp-1', mesh: 'default', tags: { 'kuma.io/service': ['web'] }, type: 'dataplane', validFor: '24h' };
    const answer = await postToken(url, body);
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.type, /^text\/plain/);
    assert.deepEqual(decodeProtectedHeader(answer.text), { alg: 'RS256', kid: '1', typ: 'JWT' });
    const key = createPublicKey(secretText(await secretOnZone('default', 'dataplane-token-signing-key-default-1')));
    const { payload } = await jwtVerify(answer.text, key);
    assert.deepEqual(
      { Name: payload['Name'], Mesh: payload['Mesh'], Tags: payload['Tags'], Type: payload['Type'], Workload: payload['Workload'] },
      { Name: 'dp-1', Mesh: 'default', Tags: { 'kuma.io/service': ['web'] }, Type: 'dataplane', Workload: '' },
    );
    assert.equal(Number(payload.exp) - Number(payload.iat), 24 * 3600 + 5);
  });

  it('given a mesh stored without a signing key (made by an earlier version), then the next start gives it one', async () => {
    assert.equal((await api(url, '/meshes/legacy', { method: 'PUT', body: { type: 'Mesh', name: 'legacy' } })).status, 201);
    await env.db.deleteFrom('resources').where('type', '=', 'Secret').where('mesh', '=', 'legacy').execute();
    assert.equal((await postToken(url, { mesh: 'legacy', validFor: '1h' })).status, 404);
    await env.restartGlobal();
    url = env.global.url;
    assert.equal((await postToken(url, { mesh: 'legacy', validFor: '1h' })).status, 200);
  });

  it('given an anonymous remote caller, then generating a token is Kuma’s 403', async () => {
    const answer = await postToken(url, { mesh: 'default', validFor: '24h' }, REMOTE_CLIENT);
    assert.equal(answer.status, 403);
    assert.deepEqual(JSON.parse(answer.text), {
      type: '/std-errors',
      status: 403,
      title: 'Access Denied',
      detail: 'user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access generate dataplane token',
      details: 'user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access generate dataplane token',
    });
  });

  it('given a rotated key, then new tokens use the highest serial', async () => {
    const body = {
      type: 'Secret',
      mesh: 'other',
      name: 'dataplane-token-signing-key-other-2',
      data: secretData(await generateTokenSigningKeyPem()),
    };
    assert.equal((await api(url, `/meshes/other/secrets/${body.name}`, { method: 'PUT', body })).status, 201);
    const answer = await postToken(url, { mesh: 'other', validFor: '1h' });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(decodeProtectedHeader(answer.text).kid, '2');
    assert.deepEqual(decodeJwt(answer.text)['Tags'], {});
  });

  it('given an invalid request or an unknown mesh, then the answers are Kuma’s', async () => {
    const invalid = await postToken(url, { mesh: '', validFor: '1d', type: 'sidecar' });
    assert.equal(invalid.status, 400);
    const refused = JSON.parse(invalid.text);
    assert.deepEqual(
      { title: refused.title, detail: refused.detail, invalid_parameters: refused.invalid_parameters },
      {
        title: 'Invalid request',
        detail: 'Resource is not valid',
        invalid_parameters: [
          { field: 'mesh', reason: 'cannot be empty' },
          { field: 'validFor', reason: 'is invalid: time: invalid duration "1d"' },
          { field: 'type', reason: 'sidecar is not a valid proxy type' },
        ],
      },
    );
    const garbled = await fetch(`${url}/tokens/dataplane`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    assert.equal(garbled.status, 400);
    assert.equal(await garbled.text(), '');
    const unknown = await postToken(url, { mesh: 'nope', validFor: '1h' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(
      { title: JSON.parse(unknown.text).title, detail: JSON.parse(unknown.text).detail },
      {
        title: 'Signing Key not found',
        detail:
          'there is no signing key with KID 1. Secret of name "dataplane-token-signing-key-nope-1" in mesh "nope" is not found. If signing key was rotated, regenerate the token',
      },
    );
  });

  it('given kumikoctl generate dataplane-token, then it prints a token signed by the mesh’s key with its claims', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'packages/ctl/src/main.ts',
      'generate',
      'dataplane-token',
      '--mesh=default',
      '--name=dp-2',
      '--tag',
      'kuma.io/service=web,web-api',
      '--valid-for=1h',
      `--api-url=${url}`,
    ]);
    const key = createPublicKey(secretText(await secretOnZone('default', 'dataplane-token-signing-key-default-1')));
    const { payload } = await jwtVerify(stdout, key);
    assert.deepEqual([payload['Name'], payload['Mesh'], payload['Tags']], ['dp-2', 'default', { 'kuma.io/service': ['web', 'web-api'] }]);
  });
});
