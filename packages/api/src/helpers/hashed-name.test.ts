import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fnv64aHex, hashedName } from './hashed-name.js';

describe('hashedName', () => {
  // Kuma's KDS name hashing (`<name>-<16 chars of the FNV-64a hash of mesh, name and zone>`), checked against Kuma's golden files.
  const cases: ReadonlyArray<readonly [string, readonly [string, string, ...string[]], string]> = [
    ['a Dataplane from zone-1', ['default', 'dp-1', 'zone-1'], 'dp-1-dff6z597w47d46xx'],
    ['a synced MeshService', ['default', 'redis-zone-1', 'zone-1'], 'redis-zone-1-2v6wfvvcvbc9f55d'],
    ['a ZoneIngress (no mesh)', ['', 'zi-1', 'zone-1'], 'zi-1-2d8w9vd5b9fd9xbv'],
    ['a k8s resource with namespace', ['mesh-1', 'backend', 'zone-k8s', 'ns-k8s'], 'backend-z7f47x24v9f5x2b4'],
    ['a global-origin resource', ['mesh-1', 'backend'], 'backend-z6v4648zfz9c6wbv'],
  ];
  for (const [label, [mesh, name, ...extra], expected] of cases) {
    it(`given ${label} when hashed then the global name is ${expected}`, () => {
      assert.equal(hashedName(mesh, name, ...extra), expected);
    });
  }

  it('given a name longer than 236 bytes when hashed then it is cut to 236 before the suffix (253 in all)', () => {
    const name = 'a'.repeat(300);
    const result = hashedName('default', name, 'zone-1');
    assert.equal(result.length, 253);
    assert.equal(result.slice(0, 237), `${'a'.repeat(236)}-`);
    assert.notEqual(result, hashedName('default', 'a'.repeat(299), 'zone-1'), 'the hash still sees the whole name');
  });
});

describe('fnv64aHex', () => {
  // Reference vectors of FNV-1a 64 (Go's hash/fnv test suite).
  const vectors: ReadonlyArray<readonly [string, string]> = [
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['ab', '089c4407b545986a'],
    ['abc', 'e71fa2190541574b'],
  ];
  for (const [input, hex] of vectors) {
    it(`given ${JSON.stringify(input)} when hashed then it is ${hex}`, () => {
      assert.equal(fnv64aHex([input]), hex);
    });
  }

  it('given parts when hashed then it equals hashing their concatenation, UTF-8 included', () => {
    assert.equal(fnv64aHex(['déf', 'ault', 'zone']), fnv64aHex(['défaultzone']));
    assert.notEqual(fnv64aHex(['é']), fnv64aHex(['e']));
  });
});
