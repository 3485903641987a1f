import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateDuration, validatePort, validateThreshold } from './common-validators.js';
import type { Violation } from './violation.js';

function run(check: (out: Violation[]) => void): Violation[] {
  const out: Violation[] = [];
  check(out);
  return out;
}

describe('validatePort', () => {
  for (const port of [1, 80, 65535])
    it(`${port} is valid`, () =>
      assert.deepEqual(
        run((o) => validatePort(o, 'p', port)),
        [],
      ));
  for (const port of [0, 65536, 4294967295]) {
    it(`${port} is out of range`, () =>
      assert.deepEqual(
        run((o) => validatePort(o, 'p', port)),
        [{ field: 'p', message: 'port must be in the range [1, 65535]' }],
      ));
  }
});

describe('validateThreshold', () => {
  it('1 is valid, 0 is not', () => {
    assert.deepEqual(
      run((o) => validateThreshold(o, 't', 1)),
      [],
    );
    assert.deepEqual(
      run((o) => validateThreshold(o, 't', 0)),
      [{ field: 't', message: 'must have a positive value' }],
    );
  });
});

describe('validateDuration (Kuma ValidateDuration on a set duration)', () => {
  const cases: readonly (readonly [string, number, number, string | undefined])[] = [
    ['one second', 1, 0, undefined],
    ['a nanosecond', 0, 1, undefined],
    ['negative durations pass, as in Kuma', -5, 0, undefined],
    ['zero', 0, 0, 'must have a positive value'],
    ['nanos out of range', 1, 1_000_000_000, 'must have a valid value'],
    ['mixed signs', 1, -1, 'must have a valid value'],
    ['beyond 10000 years', 315_576_000_001, 0, 'must have a valid value'],
  ];
  for (const [name, seconds, nanos, message] of cases) {
    it(name, () =>
      assert.deepEqual(
        run((o) => validateDuration(o, 'd', { seconds, nanos })),
        message === undefined ? [] : [{ field: 'd', message }],
      ),
    );
  }
});
