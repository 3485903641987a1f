import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKumaDuration, parseKumaDuration } from './kuma-duration.js';

describe('Kuma duration strings', () => {
  const valid: readonly (readonly [string, number])[] = [
    ['0', 0],
    ['10y', 10 * 365 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1d', 86_400_000],
    ['24h', 86_400_000],
    ['90m', 5_400_000],
    ['30s', 30_000],
    ['250ms', 250],
    ['0s', 0],
  ];
  for (const [text, millis] of valid) {
    it(`accepts ${JSON.stringify(text)} as ${millis} ms`, () => {
      assert.equal(isKumaDuration(text), true);
      assert.equal(parseKumaDuration(text), millis);
    });
  }

  for (const text of ['', '1h30m', '1.5h', '-1h', '+1h', 'h', '10', '1 h', '1H', '1us', ' 1h']) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(isKumaDuration(text), false);
      assert.equal(parseKumaDuration(text), undefined);
    });
  }

  it('rejects a length it cannot hold exactly instead of rounding it', () => {
    assert.equal(isKumaDuration('99999999999999y'), true);
    assert.equal(parseKumaDuration('99999999999999y'), undefined);
  });
});
