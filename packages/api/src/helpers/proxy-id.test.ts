import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyIdParseError, buildProxyId, parseProxyId } from './proxy-id.js';

describe('proxy id', () => {
  const roundTrips: ReadonlyArray<readonly [string, string, string]> = [
    ['default', 'dp-1', 'default.dp-1'],
    ['', 'zi-1', '.zi-1'],
    ['default', 'web.ns', 'default.web.ns'],
  ];
  for (const [mesh, name, id] of roundTrips) {
    it(`given mesh ${JSON.stringify(mesh)} and name ${name} when built then the id is ${id}, and it parses back`, () => {
      assert.equal(buildProxyId(mesh, name), id);
      assert.deepEqual(parseProxyId(id), { mesh, name });
    });
  }

  it('given a mesh with a dot when parsed then it splits at the first dot, as Kuma does', () => {
    assert.deepEqual(parseProxyId('a.b.c'), { mesh: 'a', name: 'b.c' });
  });

  const invalid: ReadonlyArray<readonly [string, RegExp]> = [
    ['', /must not be empty/],
    ['dp-1', /the name should be provided after the dot/],
    ['default.', /name must not be empty/],
  ];
  for (const [id, message] of invalid) {
    it(`given ${JSON.stringify(id)} when parsed then it throws ProxyIdParseError`, () => {
      assert.throws(
        () => parseProxyId(id),
        (error: unknown) => error instanceof ProxyIdParseError && error.code === 'INVALID_PROXY_ID' && message.test(error.message),
      );
    });
  }
});
