import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatewayFilterMatches, tagSetMatches, type GatewayFilter } from './list-filter.js';

describe('Dataplane list filters as Kuma applies them', () => {
  const tags = { 'kuma.io/service': 'web-api', version: 'v2' };

  const tagCases: Array<[string, Array<{ key: string; value: string }>, boolean]> = [
    ['no condition', [], true],
    ['a value contained in the tag', [{ key: 'kuma.io/service', value: 'web' }], true],
    ['any value with *', [{ key: 'version', value: '*' }], true],
    [
      'every condition holding',
      [
        { key: 'kuma.io/service', value: 'api' },
        { key: 'version', value: 'v2' },
      ],
      true,
    ],
    ['a value not contained', [{ key: 'kuma.io/service', value: 'db' }], false],
    ['a missing key, even with *', [{ key: 'team', value: '*' }], false],
    [
      'one condition failing',
      [
        { key: 'kuma.io/service', value: 'web' },
        { key: 'version', value: 'v1' },
      ],
      false,
    ],
  ];
  for (const [label, wanted, expected] of tagCases) {
    it(`given ${label} when a tag set is matched then ${expected}`, () => {
      assert.equal(tagSetMatches(tags, wanted), expected);
    });
  }

  const gatewayCases: Array<[GatewayFilter, boolean, boolean, boolean]> = [
    // filter, standard proxy, builtin gateway, delegated gateway
    ['any', true, true, true],
    ['gateway', false, true, true],
    ['not-gateway', true, false, false],
    ['builtin', false, true, false],
    ['delegated', false, false, true],
  ];
  for (const [filter, standard, builtin, delegated] of gatewayCases) {
    it(`given gateway mode ${filter} when proxies are matched then standard ${standard}, builtin ${builtin}, delegated ${delegated}`, () => {
      assert.deepEqual(
        [gatewayFilterMatches(undefined, filter), gatewayFilterMatches('BUILTIN', filter), gatewayFilterMatches('DELEGATED', filter)],
        [standard, builtin, delegated],
      );
    });
  }
});
