import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TagValueCatalogue } from './tag-value-catalogue.js';

describe('tag value catalogue', () => {
  it('returns the values containing the wanted one, all for *, and forgets values no longer used', () => {
    const catalogue = new TagValueCatalogue();
    catalogue.add([{ s: 'web' }, { s: 'web-admin', v: '1' }]);
    catalogue.add([{ s: 'web' }]);
    assert.deepEqual(catalogue.matching('s', 'web', 10), ['web', 'web-admin']);
    assert.deepEqual(catalogue.matching('v', '*', 10), ['1']);
    assert.equal(catalogue.matching('s', '', 1), undefined, 'more candidates than the limit');
    catalogue.remove([{ s: 'web' }, { s: 'web-admin', v: '1' }]);
    assert.deepEqual(catalogue.matching('s', 'web', 10), ['web']);
    assert.deepEqual(catalogue.matching('v', '*', 10), []);
  });
});

describe('tag value catalogue: what a tag search can match', () => {
  const catalogue = (): TagValueCatalogue => {
    const c = new TagValueCatalogue();
    c.add([
      { 'kuma.io/service': 'web', version: 'v1' },
      { 'kuma.io/service': 'api', version: 'v2' },
    ]);
    c.add([{ 'kuma.io/service': 'web-admin' }]);
    return c;
  };

  const cases: Array<[string, string, string, number, string[] | undefined]> = [
    ['a substring of several values', 'kuma.io/service', 'web', 10, ['web', 'web-admin']],
    ['a value no one uses', 'kuma.io/service', 'billing', 10, []],
    ['a key no one uses', 'team', '*', 10, []],
    ['* (any value)', 'version', '*', 10, ['v1', 'v2']],
    ['an empty needle (every value contains it)', 'kuma.io/service', '', 10, ['web', 'api', 'web-admin']],
    ['exactly as many matches as the limit', 'kuma.io/service', 'web', 2, ['web', 'web-admin']],
    ['more matches than the limit', 'kuma.io/service', 'web', 1, undefined],
    ['a case-different needle (matching is case-sensitive)', 'kuma.io/service', 'WEB', 10, []],
  ];
  for (const [name, key, needle, limit, expected] of cases) {
    it(`given ${name}, then matching gives ${JSON.stringify(expected)}`, () => {
      const matched = catalogue().matching(key, needle, limit);
      assert.deepEqual(matched === undefined ? undefined : [...matched].sort(), expected === undefined ? undefined : [...expected].sort());
    });
  }

  it('given a value used by two tag sets, then it is kept until both are removed', () => {
    const c = new TagValueCatalogue();
    c.add([{ s: 'web' }]);
    c.add([{ s: 'web' }]);
    c.remove([{ s: 'web' }]);
    assert.deepEqual(c.matching('s', '*', 10), ['web']);
    c.remove([{ s: 'web' }]);
    assert.deepEqual(c.matching('s', '*', 10), []);
  });

  it('given a cleared catalogue, then nothing matches', () => {
    const c = catalogue();
    c.clear();
    assert.deepEqual(c.matching('kuma.io/service', '*', 10), []);
  });
});
