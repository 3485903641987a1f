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
