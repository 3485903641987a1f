import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { InvalidTokenError, type VerifyTokenOptions } from './kuma-token.js';
import { generateTokenSigningKeyPem, missingSigningKeyMessage, signingPublicKeyPem } from './token-signing-key.js';
import { issueUserToken, verifyUserToken } from './user-token.js';

describe('user tokens: Kuma’s JWT for API users', () => {
  let key: string;
  let verify: (revoked?: string[]) => VerifyTokenOptions;
  before(async () => {
    key = await generateTokenSigningKeyPem();
    const publicKey = signingPublicKeyPem(key);
    verify = (revoked = []) => ({
      signingKey: async (kid) => (kid === '1' ? publicKey : undefined),
      missingKeyMessage: (kid) => missingSigningKeyMessage(kid, `user-token-signing-key-${kid}`),
      revoked: async () => new Set(revoked),
    });
  });

  it('given a name and groups, then the token carries Kuma’s capitalised claims and verifies with the public key', async () => {
    const token = await issueUserToken({ name: 'jane', groups: ['team-a'] }, { signingKeyPem: key, serial: 1, validForSeconds: 60 });
    const payload = decodeJwt(token);
    assert.deepEqual([payload['Name'], payload['Groups']], ['jane', ['team-a']]);
    assert.deepEqual(await verifyUserToken(token, verify()), { name: 'jane', groups: ['team-a'] });
  });

  it('given no groups, then Groups is null in the token and in the verified claims', async () => {
    const token = await issueUserToken({ name: 'jane', groups: null }, { signingKeyPem: key, serial: 1, validForSeconds: 60 });
    assert.equal(decodeJwt(token)['Groups'], null);
    assert.deepEqual(await verifyUserToken(token, verify()), { name: 'jane', groups: null });
  });

  it('given a revoked token or an unknown kid, then verification fails with Kuma’s reasons', async () => {
    const token = await issueUserToken({ name: 'jane', groups: null }, { signingKeyPem: key, serial: 1, validForSeconds: 60 });
    const jti = String(decodeJwt(token).jti);
    await assert.rejects(verifyUserToken(token, verify([jti])), new InvalidTokenError('token is revoked'));
    const rotated = await issueUserToken({ name: 'jane', groups: null }, { signingKeyPem: key, serial: 7, validForSeconds: 60 });
    await assert.rejects(
      verifyUserToken(rotated, verify()),
      new InvalidTokenError(
        'there is no signing key with KID 7. GlobalSecret of name "user-token-signing-key-7" is not found. If signing key was rotated, regenerate the token',
      ),
    );
  });

  it('given a key, then its public half is a PEM PUBLIC KEY', () => {
    assert.match(signingPublicKeyPem(key), /^-----BEGIN PUBLIC KEY-----\n/);
  });
});
