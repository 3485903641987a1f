import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPermanentDataError } from './postgres-errors.js';

const withCode = (code: string): Error => Object.assign(new Error(code), { code });

describe('isPermanentDataError', () => {
  const cases: ReadonlyArray<[string, unknown, boolean]> = [
    ['a NUL in text (22021)', withCode('22021'), true],
    ['\\u0000 in jsonb (22P05)', withCode('22P05'), true],
    ['a foreign key violation (23503)', withCode('23503'), true],
    ['nesting too deep for the stack (54001)', withCode('54001'), true],
    ['encoding exhausted the stack (RangeError)', new RangeError('Maximum call stack size exceeded'), true],
    ['the server shutting down (57P01)', withCode('57P01'), false],
    ['a connection refused (ECONNREFUSED)', withCode('ECONNREFUSED'), false],
    ['a connection lost (08006)', withCode('08006'), false],
    ['a serialisation failure (40001)', withCode('40001'), false],
    ['a connection terminated unexpectedly (no code)', new Error('Connection terminated unexpectedly'), false],
    ['a bug in our own code (TypeError)', new TypeError('x is undefined'), false],
  ];
  for (const [name, error, permanent] of cases) {
    it(`given ${name}, then it is ${permanent ? 'permanent' : 'worth retrying'}`, () => {
      assert.equal(isPermanentDataError(error), permanent);
    });
  }
});
