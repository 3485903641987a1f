import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEPTH_MESSAGE, inputSafetyViolation, MAX_INPUT_DEPTH, NUL_MESSAGE } from './input-safety-validator.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 1; i < depth; i++) value = { a: value };
  return depth === 0 ? value : { a: value };
}

describe('inputSafetyViolation', () => {
  const cases: [string, unknown, ReturnType<typeof inputSafetyViolation>][] = [
    ['plain JSON is safe', { a: [1, 'x', null, { b: true }] }, undefined],
    ['a NUL in a nested string is reported at its path', { a: [{ b: 'x\u0000' }] }, { field: 'a[0].b', message: NUL_MESSAGE }],
    ['a NUL in a key is reported at that key', { conf: { ['k\u0000']: 1 } }, { field: 'conf["k\\u0000"]', message: NUL_MESSAGE }],
    [
      'keys that are not identifiers are quoted',
      { labels: { 'kuma.io/zone': 'a\u0000' } },
      { field: 'labels["kuma.io/zone"]', message: NUL_MESSAGE },
    ],
    ['the first violation in document order wins', { a: 'x\u0000', b: 'y\u0000' }, { field: 'a', message: NUL_MESSAGE }],
    [`nesting of exactly ${MAX_INPUT_DEPTH} levels is safe`, nested(MAX_INPUT_DEPTH), undefined],
    [
      `nesting of ${MAX_INPUT_DEPTH + 1} levels is not`,
      nested(MAX_INPUT_DEPTH + 1),
      { field: `a${'.a'.repeat(MAX_INPUT_DEPTH - 1)}`, message: DEPTH_MESSAGE },
    ],
  ];
  for (const [description, value, expected] of cases) {
    it(description, () => assert.deepEqual(inputSafetyViolation(value), expected));
  }

  it('walks 100,000 levels without exhausting the stack', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) value = [value];
    assert.equal(inputSafetyViolation(value)?.message, DEPTH_MESSAGE);
  });
});
