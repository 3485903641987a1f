/**
 * GlobalSecrets and zone and user tokens on the global CP (real NATS and Postgres): the zone- and user-token signing
 * keys and the bootstrap admin token exist once across restarts; zones receive the public halves and the revocation
 * lists on the GLOBAL stream, never the private keys or the admin token; `POST /tokens/zone` and `POST /tokens/user`
 * answer Kuma's tokens, and kumikoctl prints them (with `--auth-token` and `--ca-cert-file` for an HTTPS API).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { secretData, secretText, type GlobalSecret } from '@kumiko/api';
import { UserTokenValidator } from '@kumiko/global-cp';
import { createControlPlaneCertificate, generateTokenSigningKeyPem } from '@kumiko/pki';
import { waitFor } from '@kumiko/testing';
import type { GlobalReplica } from '@kumiko/zone-cp';
import { api, openReplica, startApiEnvironment, type ApiEnvironment } from './global-api-fixtures.js';

const run = promisify(execFile);

/** kumikoctl as a user runs it; resolves to its output and exit code, whatever the code. */
async function kumikoctl(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'packages/ctl/src/main.ts', ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function postToken(base: string, kind: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}/tokens/${kind}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: response.status, text: await response.text() };
}

describe('GlobalSecrets, zone and user tokens on the global', () => {
  let env: ApiEnvironment;
  let replica: GlobalReplica;
  let closeReplica: () => Promise<void>;
  const url = () => env.global.url;

  const globalSecret = async (name: string): Promise<GlobalSecret | undefined> => {
    const answer = await api(url(), `/global-secrets/${name}`);
    return answer.status === 200 ? (answer.body as unknown as GlobalSecret) : undefined;
  };
  const onZone = (name: string) =>
    waitFor(`GlobalSecret ${name} on a zone`, () => replica.get('globalsecret', name) as GlobalSecret | undefined);

  before(async () => {
    // anonymous requests count as admins here (GlobalSecrets and token generation), as no user is authenticated yet
    const admins = 'mesh-system:admin,mesh-system:unauthenticated';
    env = await startApiEnvironment({
      KUMA_ACCESS_STATIC_ADMIN_RESOURCES_GROUPS: admins,
      KUMA_ACCESS_STATIC_GENERATE_ZONE_TOKEN_GROUPS: admins,
      KUMA_ACCESS_STATIC_GENERATE_USER_TOKEN_GROUPS: admins,
    });
    ({ replica, close: closeReplica } = await openReplica(env.nats.url));
  });
  after(async () => {
    await closeReplica?.();
    await env?.stop();
  });

  it('given a restart, then the signing keys, their public halves and the admin token are the ones created first', async () => {
    const names = [
      'zone-token-signing-key-1',
      'zone-token-signing-public-key-1',
      'user-token-signing-key-1',
      'user-token-signing-public-key-1',
      'admin-user-token',
    ];
    const before = await Promise.all(names.map(globalSecret));
    assert.match(secretText(before[0] ?? {}), /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.match(secretText(before[1] ?? {}), /^-----BEGIN PUBLIC KEY-----\n/);
    await env.restartGlobal();
    const after = await Promise.all(names.map(globalSecret));
    assert.deepEqual(
      after.map((secret) => secret?.data),
      before.map((secret) => secret?.data),
    );
    const listed = await api(url(), '/global-secrets');
    assert.equal(listed.body.total, 5);
  });

  it('given the admin token read over REST, then it authenticates mesh-system:admin', async () => {
    const token = secretText((await globalSecret('admin-user-token')) ?? {});
    assert.deepEqual(await new UserTokenValidator(env.db).verify(token), { name: 'mesh-system:admin', groups: ['mesh-system:admin'] });
  });

  it('given the GLOBAL stream, then zones get the public halves and revocation lists, never private keys or the admin token', async () => {
    const revocations = { type: 'GlobalSecret', name: 'zone-token-revocations', data: secretData('nobody\n') };
    assert.equal((await api(url(), '/global-secrets/zone-token-revocations', { method: 'PUT', body: revocations })).status, 201);
    assert.equal(secretText(await onZone('zone-token-revocations')), 'nobody\n');
    assert.match(secretText(await onZone('zone-token-signing-public-key-1')), /^-----BEGIN PUBLIC KEY-----\n/);
    assert.match(secretText(await onZone('user-token-signing-public-key-1')), /^-----BEGIN PUBLIC KEY-----\n/);
    assert.deepEqual(
      replica
        .list('globalsecret')
        .map((entry) => entry.name)
        .sort(),
      ['user-token-signing-public-key-1', 'zone-token-revocations', 'zone-token-signing-public-key-1'],
    );
  });

  it('given a rotated user-token key, then new tokens use it and zones get its public half', async () => {
    const key = { type: 'GlobalSecret', name: 'user-token-signing-key-2', data: secretData(await generateTokenSigningKeyPem()) };
    assert.equal((await api(url(), '/global-secrets/user-token-signing-key-2', { method: 'PUT', body: key })).status, 201);
    const publicHalf = await onZone('user-token-signing-public-key-2');
    const answer = await postToken(url(), 'user', { name: 'jane', groups: ['team-a'], validFor: '1h' });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(decodeProtectedHeader(answer.text).kid, '2');
    const { payload } = await jwtVerify(answer.text, createPublicKey(secretText(publicHalf)));
    assert.deepEqual([payload['Name'], payload['Groups']], ['jane', ['team-a']]);
    assert.equal(replica.get('globalsecret', 'user-token-signing-key-2'), undefined);
  });

  it('given kumikoctl generate zone-token, then it prints a token for both scopes, checked with the zones’ public key', async () => {
    const answer = await kumikoctl(['generate', 'zone-token', '--zone=east', '--valid-for=1h', `--api-url=${url()}`]);
    assert.equal(answer.code, 0, answer.stderr);
    const publicKey = createPublicKey(secretText(await onZone('zone-token-signing-public-key-1')));
    const { payload } = await jwtVerify(answer.stdout, publicKey);
    assert.deepEqual([payload['Zone'], payload['Scope']], ['east', ['ingress', 'egress']]);
    const egress = await kumikoctl(['generate', 'zone-token', '--zone=east', '--scope=egress', '--valid-for=1h', `--api-url=${url()}`]);
    assert.deepEqual(decodeJwt(egress.stdout)['Scope'], ['egress']);
  });

  it('given kumikoctl generate user-token, then it prints a token the global accepts; a bad request exits non-zero, readably', async () => {
    const answer = await kumikoctl([
      'generate',
      'user-token',
      '--name=jane',
      '--group=a',
      '--group=b',
      '--valid-for=24h',
      `--api-url=${url()}`,
    ]);
    assert.equal(answer.code, 0, answer.stderr);
    assert.deepEqual(await new UserTokenValidator(env.db).verify(answer.stdout), { name: 'jane', groups: ['a', 'b'] });
    const refused = await kumikoctl(['generate', 'user-token', '--name=jane', '--valid-for=0s', `--api-url=${url()}`]);
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      'Error: failed to generate a user token (HTTP 400): Invalid request: Resource is not valid: validFor: cannot be empty or nil\n',
    );
  });

  it('given an HTTPS API, then kumikoctl trusts it with --ca-cert-file and sends the token from KUMIKO_API_TOKEN as a Bearer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kumiko-ctl-'));
    const certificate = await createControlPlaneCertificate({ dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, certificate.certPem);
    const seen: string[] = [];
    const server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('the-token');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const apiUrl = `https://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    try {
      const trusted = await kumikoctl(
        ['generate', 'user-token', '--name=jane', '--valid-for=1h', `--api-url=${apiUrl}`, `--ca-cert-file=${caFile}`],
        {
          KUMIKO_API_TOKEN: 'jwt-of-an-admin',
        },
      );
      assert.equal(trusted.code, 0, trusted.stderr);
      assert.equal(trusted.stdout, 'the-token');
      assert.deepEqual(seen, ['POST /tokens/user Bearer jwt-of-an-admin']);
      const untrusted = await kumikoctl([
        'generate',
        'user-token',
        '--name=jane',
        '--valid-for=1h',
        `--api-url=${apiUrl}`,
        '--auth-token=x',
      ]);
      assert.equal(untrusted.code, 1);
      assert.match(untrusted.stderr, /^Error: cannot reach the API at https:\/\/127\.0\.0\.1:\d+: self[- ]signed certificate/);
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
