import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDnsUpstream, upstreamFromResolvConf } from './dns-upstream.js';

describe('parseDnsUpstream', () => {
  const cases: [string, ReturnType<typeof parseDnsUpstream>][] = [
    ['10.0.0.53', { host: '10.0.0.53', port: 53 }],
    ['10.0.0.53:5353', { host: '10.0.0.53', port: 5353 }],
    ['::1', { host: '::1', port: 53 }],
    ['[fd00::1]:5300', { host: 'fd00::1', port: 5300 }],
    ['dns.google', undefined],
    ['10.0.0.53:0', undefined],
    ['10.0.0.53:99999', undefined],
    ['10.0.0.53:x', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`given ${JSON.stringify(text)}, when parsed, then ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseDnsUpstream(text), expected);
    });
  }
});

describe('upstreamFromResolvConf', () => {
  it('given a resolv.conf with comments, options and two nameservers, when read, then the first nameserver on port 53', () => {
    const text = '# generated\nsearch example.com\noptions ndots:5\nnameserver 10.255.255.53\nnameserver 8.8.8.8\n';
    assert.deepEqual(upstreamFromResolvConf(text), { host: '10.255.255.53', port: 53 });
  });

  it('given a resolv.conf without nameservers, when read, then none', () => {
    assert.equal(upstreamFromResolvConf('search example.com\n# nameserver 1.1.1.1\n'), undefined);
  });
});
