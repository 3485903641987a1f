import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { InvalidTokenError, type VerifyTokenOptions } from './kuma-token.js';
import { generateTokenSigningKeyPem } from './token-signing-key.js';
import { checkZoneTokenClaims, issueZoneToken, verifyZoneToken } from './zone-token.js';

describe('zone tokens: Kuma’s JWT for zone proxies, and its checks at connect', () => {
  let key: string;
  let verify: VerifyTokenOptions;
  before(async () => {
    key = await generateTokenSigningKeyPem();
    verify = { signingKey: async () => key, missingKeyMessage: () => 'missing', revoked: async () => new Set() };
  });

  it('given a zone and scopes, then the token carries Zone and Scope and verifies to them', async () => {
    const token = await issueZoneToken(
      { zone: 'east', scope: ['ingress', 'egress'] },
      { signingKeyPem: key, serial: 1, validForSeconds: 60 },
    );
    const payload = decodeJwt(token);
    assert.deepEqual([payload['Zone'], payload['Scope']], ['east', ['ingress', 'egress']]);
    assert.deepEqual(await verifyZoneToken(token, verify), { zone: 'east', scope: ['ingress', 'egress'] });
  });

  const cases = [
    {
      name: 'an ingress with a token for ingress and egress of its zone is accepted',
      claims: { zone: 'east', scope: ['ingress', 'egress'] },
      scope: 'ingress',
      error: undefined,
    },
    { name: 'a token without a zone binds no zone', claims: { zone: '', scope: ['egress'] }, scope: 'egress', error: undefined },
    {
      name: 'an egress with an ingress-only token is refused',
      claims: { zone: 'east', scope: ['ingress'] },
      scope: 'egress',
      error: "token cannot be used to authenticate zone entity (egress is out of token's scope: [ingress])",
    },
    {
      name: 'a token of another zone is refused, scope checked first',
      claims: { zone: 'west', scope: ['ingress', 'egress'] },
      scope: 'ingress',
      error: 'zone from requestor: east is different than in token: west',
    },
  ] as const;
  for (const { name, claims, scope, error } of cases) {
    it(`given ${name}`, () => {
      const check = () => checkZoneTokenClaims(claims, { scope, zone: 'east' });
      if (error === undefined) assert.doesNotThrow(check);
      else assert.throws(check, new InvalidTokenError(error));
    });
  }
});
