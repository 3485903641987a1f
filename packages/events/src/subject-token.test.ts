import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeToken, SubjectTokenError, unescapeToken } from './subject-token.js';

describe('subject token escaping', () => {
  const cases: ReadonlyArray<readonly [description: string, input: string, token: string]> = [
    ['plain names stay readable', 'backend-v1_a', 'backend-v1_a'],
    ['dots never split tokens', 'redis.default', 'redis~2Edefault'],
    ['NATS wildcards are escaped', 'a*b>c', 'a~2Ab~3Ec'],
    ['white space is escaped', 'a b', 'a~20b'],
    ['the escape character escapes itself', 'a~2Eb', 'a~7E2Eb'],
    ['non-ASCII is escaped as UTF-8 bytes', 'zoné', 'zon~C3~A9'],
  ];

  for (const [description, input, token] of cases) {
    it(`${description}: ${JSON.stringify(input)} ⇄ ${JSON.stringify(token)}`, () => {
      assert.equal(escapeToken(input), token);
      assert.equal(unescapeToken(token), input);
      assert.doesNotMatch(escapeToken(input), /[.*> ]/);
    });
  }

  it('given names that differ only by escaping, then their tokens differ (no merging)', () => {
    const names = ['a.b', 'a~2Eb', 'a_b', 'a-b', 'a~b', 'a.b.'];
    const tokens = new Set(names.map(escapeToken));
    assert.equal(tokens.size, names.length);
  });

  it('given the lone token "~", then no name escapes to it', () => {
    assert.throws(() => unescapeToken('~'), SubjectTokenError);
    assert.throws(() => escapeToken(''), SubjectTokenError);
  });

  it('given malformed tokens, then unescaping fails with a typed error', () => {
    for (const bad of ['a~2', 'a~zz', 'a.b', '~FF']) assert.throws(() => unescapeToken(bad), SubjectTokenError, bad);
  });
});
