import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Duration, formatDuration, isZeroDuration, parseGoDuration } from './go-duration.js';

const NS = 1n;
const US = 1_000n;
const MS = 1_000_000n;
const S = 1_000_000_000n;
const M = 60n * S;
const H = 60n * M;

function fromNanos(total: bigint): Duration {
  return { seconds: Number(total / S), nanos: Number(total % S) };
}

describe('parseGoDuration', () => {
  // Cases from Go's time.TestParseDuration.
  const valid: ReadonlyArray<readonly [string, bigint]> = [
    ['0', 0n],
    ['5s', 5n * S],
    ['30s', 30n * S],
    ['1478s', 1478n * S],
    ['-5s', -5n * S],
    ['+5s', 5n * S],
    ['-0', 0n],
    ['+0', 0n],
    ['5.0s', 5n * S],
    ['5.6s', 5n * S + 600n * MS],
    ['5.s', 5n * S],
    ['.5s', 500n * MS],
    ['1.004s', 1n * S + 4n * MS],
    ['100.00100s', 100n * S + 1n * MS],
    ['10ns', 10n * NS],
    ['11us', 11n * US],
    ['12\u00b5s', 12n * US],
    ['12\u03bcs', 12n * US],
    ['13ms', 13n * MS],
    ['15m', 15n * M],
    ['16h', 16n * H],
    ['1m30s', 90n * S],
    ['300ms', 300n * MS],
    ['1.5s', 1500n * MS],
    ['3h30m', 3n * H + 30n * M],
    ['10.5s4m', 4n * M + 10n * S + 500n * MS],
    ['-2m3.4s', -(2n * M + 3n * S + 400n * MS)],
    ['1h2m3s4ms5us6ns', 1n * H + 2n * M + 3n * S + 4n * MS + 5n * US + 6n * NS],
    ['39h9m14.425s', 39n * H + 9n * M + 14n * S + 425n * MS],
    ['0.3333333333333333333h', 20n * M],
    ['9007199254740993ns', 9007199254740993n],
    ['9223372036854775807ns', 9223372036854775807n],
    ['9223372036854775.807us', 9223372036854775807n],
    ['-9223372036854775808ns', -9223372036854775808n],
    ['0.100000000000000000000h', 6n * M],
    ['0.830103483285477580700h', 49n * M + 48n * S + 372539827n],
  ];
  for (const [text, nanos] of valid) {
    it(`given "${text}" when parsed then it is ${nanos}ns, like Go's time.ParseDuration`, () => {
      assert.deepEqual(parseGoDuration(text), fromNanos(nanos));
    });
  }

  const invalid = [
    '',
    '3',
    '-',
    's',
    '.',
    '-.',
    '.s',
    '+.s',
    '1d',
    '1.5',
    '10 s',
    '\u0085\u0085',
    '9223372036854775808ns',
    '-9223372036854775809ns',
    '9223372036854ms775us808ns',
  ];
  for (const text of invalid) {
    it(`given ${JSON.stringify(text)} when parsed then it is rejected`, () => {
      assert.equal(parseGoDuration(text), undefined);
    });
  }

  it('given a negative fraction when parsed then seconds and nanos share the sign', () => {
    assert.deepEqual(parseGoDuration('-1.5s'), { seconds: -1, nanos: -500_000_000 });
  });
});

describe('formatDuration', () => {
  const cases: ReadonlyArray<readonly [Duration, string]> = [
    [{ seconds: 10, nanos: 0 }, '10s'],
    [{ seconds: 0, nanos: 0 }, '0s'],
    [{ seconds: 1, nanos: 500_000_000 }, '1.500s'],
    [{ seconds: 0, nanos: 300_000 }, '0.000300s'],
    [{ seconds: 0, nanos: 1 }, '0.000000001s'],
    [{ seconds: -1, nanos: -500_000_000 }, '-1.500s'],
  ];
  for (const [duration, text] of cases) {
    it(`given ${JSON.stringify(duration)} when formatted then it reads "${text}" and parses back`, () => {
      assert.equal(formatDuration(duration), text);
      assert.deepEqual(parseGoDuration(text), duration);
    });
  }

  it('given zero and non-zero durations when checked then only zero is zero', () => {
    assert.equal(isZeroDuration({ seconds: 0, nanos: 0 }), true);
    assert.equal(isZeroDuration({ seconds: 0, nanos: 1 }), false);
  });
});
