import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldPath } from './decode-result.js';

describe('formatFieldPath', () => {
  const cases: ReadonlyArray<readonly [string, readonly PropertyKey[], string]> = [
    ['a top-level field', ['networking'], 'networking'],
    ['nested fields and an index', ['networking', 'inbound', 0, 'port'], 'networking.inbound[0].port'],
    ['a tag key', ['networking', 'inbound', 1, 'tags', 'kuma.io/service'], 'networking.inbound[1].tags["kuma.io/service"]'],
    ['a label key named like a map field', ['labels', 'tags'], 'labels["tags"]'],
    [
      'a field after a map key',
      ['subscriptions', 0, 'status', 'stat', 'Mesh', 'responsesSent'],
      'subscriptions[0].status.stat["Mesh"].responsesSent',
    ],
    ['a key needing escapes', ['labels', 'a"b'], 'labels["a\\"b"]'],
    ['the root', [], ''],
  ];
  for (const [label, path, expected] of cases) {
    it(`given ${label} when formatted then it reads ${expected || '(empty)'}`, () => {
      assert.equal(formatFieldPath(path), expected);
    });
  }
});
