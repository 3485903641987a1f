import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { checkDataplaneTokenClaims, issueDataplaneToken, verifyDataplaneToken, type DataplaneTokenClaims } from './dataplane-token.js';
import { InvalidTokenError, parseRevocations, type VerifyTokenOptions } from './kuma-token.js';
import { generateTokenSigningKeyPem, latestSigningKeySerial } from './token-signing-key.js';

const CLAIMS: DataplaneTokenClaims = {
  name: 'dp-1',
  mesh: 'default',
  tags: { 'kuma.io/service': ['web'] },
  type: 'dataplane',
  workload: '',
};

describe('dataplane tokens: Kuma’s JWT, signed and checked', () => {
  let key: string;
  let verify: (revoked?: string[], now?: number) => VerifyTokenOptions;
  before(async () => {
    key = await generateTokenSigningKeyPem();
    verify = (revoked = [], now) => ({
      signingKey: async (kid) => (kid === '1' ? key : undefined),
      missingKeyMessage: (kid) => `there is no signing key with KID ${kid}`,
      revoked: async () => new Set(revoked),
      ...(now === undefined ? {} : { now }),
    });
  });

  it('given a new signing key, then it is an RSA PKCS#1 PEM', () => {
    assert.match(key, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  });

  it('given claims, then the token carries Kuma’s header and capitalised claims, backdated 5 s', async () => {
    const token = await issueDataplaneToken(CLAIMS, { signingKeyPem: key, serial: 1, validForSeconds: 3600, now: 1_000_000 });
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: '1', typ: 'JWT' });
    const payload = decodeJwt(token);
    assert.deepEqual(
      { ...payload, jti: undefined },
      {
        Name: 'dp-1',
        Mesh: 'default',
        Tags: { 'kuma.io/service': ['web'] },
        Type: 'dataplane',
        Workload: '',
        iat: 999_995,
        nbf: 999_995,
        exp: 1_003_600,
        jti: undefined,
      },
    );
    assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
  });

  it('given a valid token, then verification returns its claims', async () => {
    const token = await issueDataplaneToken(CLAIMS, { signingKeyPem: key, serial: 1, validForSeconds: 3600 });
    assert.deepEqual(await verifyDataplaneToken(token, verify()), CLAIMS);
  });

  it('given an expired, revoked, unknown-key or foreign token, then each is refused with Kuma’s message', async () => {
    const expired = await issueDataplaneToken(CLAIMS, { signingKeyPem: key, serial: 1, validForSeconds: 10, now: 1_000 });
    await assert.rejects(verifyDataplaneToken(expired, verify()), {
      message: 'could not parse token: token has invalid claims: token is expired',
    });
    const token = await issueDataplaneToken(CLAIMS, { signingKeyPem: key, serial: 1, validForSeconds: 3600 });
    await assert.rejects(verifyDataplaneToken(token, verify([String(decodeJwt(token).jti)])), { message: 'token is revoked' });
    const otherKey = await issueDataplaneToken(CLAIMS, { signingKeyPem: key, serial: 2, validForSeconds: 3600 });
    await assert.rejects(verifyDataplaneToken(otherKey, verify()), { message: 'there is no signing key with KID 2' });
    const foreign = await issueDataplaneToken(CLAIMS, {
      signingKeyPem: await generateTokenSigningKeyPem(),
      serial: 1,
      validForSeconds: 3600,
    });
    await assert.rejects(verifyDataplaneToken(foreign, verify()), InvalidTokenError);
    await assert.rejects(verifyDataplaneToken('garbage', verify()), /^InvalidTokenError: could not parse token/);
  });

  it('given a proxy, then name, mesh and tags must match the token, with Kuma’s messages', () => {
    const proxy = { name: 'dp-1', mesh: 'default', tags: { 'kuma.io/service': ['web'] } };
    checkDataplaneTokenClaims(CLAIMS, proxy);
    checkDataplaneTokenClaims({ ...CLAIMS, name: '', tags: {} }, { ...proxy, name: 'any' });
    assert.throws(() => checkDataplaneTokenClaims(CLAIMS, { ...proxy, name: 'dp-2' }), {
      message: 'proxy name from requestor: dp-2 is different than in token: dp-1',
    });
    assert.throws(() => checkDataplaneTokenClaims(CLAIMS, { ...proxy, mesh: 'other' }), {
      message: 'proxy mesh from requestor: other is different than in token: default',
    });
    assert.throws(() => checkDataplaneTokenClaims(CLAIMS, { ...proxy, tags: {} }), {
      message: 'dataplane has no tag "kuma.io/service" required by the token',
    });
    assert.throws(() => checkDataplaneTokenClaims(CLAIMS, { ...proxy, tags: { 'kuma.io/service': ['web', 'db'] } }), {
      message:
        'dataplane contains tag "kuma.io/service" with value "db" which is not allowed with this token. Allowed values in token are ["web"]',
    });
  });

  it('given signing keys and a revocation list, then the highest serial signs and the list parses as Kuma’s', () => {
    assert.equal(latestSigningKeySerial('k-default', ['k-default-1', 'k-default-10', 'k-default-2', 'k-other-30', 'x']), 10);
    assert.equal(latestSigningKeySerial('k', []), undefined);
    assert.deepEqual([...parseRevocations('a,b\n')], ['a', 'b']);
  });
});
