import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESH_NAME_MESSAGE, RFC1123_MESSAGE, meshNameMessage, rfc1123NameMessage, utf8Length } from './identifier-validator.js';

describe('rfc1123NameMessage (resource names)', () => {
  const cases: readonly (readonly [string, string | undefined])[] = [
    ['dp-1', undefined],
    ['a.b-c.d', undefined],
    ['a'.repeat(253), undefined],
    ['', 'cannot be empty'],
    ['a'.repeat(254), 'value length must less or equal 253'],
    ['ą'.repeat(127), 'value length must less or equal 253'],
    ['Dp-1', RFC1123_MESSAGE],
    ['dp_1', RFC1123_MESSAGE],
    ['-dp', RFC1123_MESSAGE],
    ['dp.', RFC1123_MESSAGE],
  ];
  for (const [name, message] of cases)
    it(`${JSON.stringify(name.slice(0, 20))} → ${message ?? 'valid'}`, () => assert.equal(rfc1123NameMessage(name), message));
});

describe('meshNameMessage (the mesh of mesh-scoped resources)', () => {
  const cases: readonly (readonly [string, string | undefined])[] = [
    ['default', undefined],
    ['my_mesh-1.x', undefined],
    ['-odd_', undefined],
    ['', 'cannot be empty'],
    ['Mesh', MESH_NAME_MESSAGE],
    ['a'.repeat(254), 'value length must less or equal 253'],
  ];
  for (const [name, message] of cases)
    it(`${JSON.stringify(name.slice(0, 20))} → ${message ?? 'valid'}`, () => assert.equal(meshNameMessage(name), message));
});

describe('utf8Length', () => {
  it('counts UTF-8 bytes like Go len()', () => {
    assert.equal(utf8Length('abc'), 3);
    assert.equal(utf8Length('ą'), 2);
    assert.equal(utf8Length('東'), 3);
    assert.equal(utf8Length('😀'), 4);
  });
});
