import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatViolations } from './violation.js';
import { compareGoStrings, fieldPath, indexPath, keyPath, sortedKeys } from './validation-path.js';

describe('validation paths', () => {
  it('builds Kuma paths: fields with dots (none at the root), indexes, %q-quoted keys', () => {
    const path = keyPath(fieldPath(indexPath(fieldPath(fieldPath('', 'networking'), 'inbound'), 0), 'tags'), 'kuma.io/service');
    assert.equal(path, 'networking.inbound[0].tags["kuma.io/service"]');
  });

  it('quotes awkward keys the way Go does', () => {
    assert.equal(keyPath('labels', 'a"b\n'), 'labels["a\\"b\\n"]');
  });
});

describe('Go string order', () => {
  it('sorts by code point, not by UTF-16 unit (astral after U+FFFD)', () => {
    const keys = ['\ufffd', '\u{1f600}', 'b', 'a', '', 'B'];
    assert.deepEqual([...keys].sort(compareGoStrings), ['', 'B', 'a', 'b', '\ufffd', '\u{1f600}']);
    // JavaScript's default sort puts the astral character first:
    assert.notDeepEqual([...keys].sort(), [...keys].sort(compareGoStrings));
  });

  it('sortedKeys returns the map keys in that order', () => {
    assert.deepEqual(sortedKeys({ version: '1', 'kuma.io/service': 'x', 'kuma.io/protocol': 'http' }), [
      'kuma.io/protocol',
      'kuma.io/service',
      'version',
    ]);
  });

  it('a prefix sorts before its extensions', () => {
    assert.ok(compareGoStrings('ab', 'abc') < 0);
    assert.equal(compareGoStrings('ab', 'ab'), 0);
  });
});

describe('formatViolations', () => {
  it('joins like Go ValidationError.Error()', () => {
    assert.equal(
      formatViolations([
        { field: 'networking.address', message: "address can't be empty" },
        { field: 'networking', message: 'x' },
      ]),
      "networking.address: address can't be empty; networking: x",
    );
    assert.equal(formatViolations([]), '');
  });
});
