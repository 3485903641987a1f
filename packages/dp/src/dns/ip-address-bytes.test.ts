import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipv4Bytes, ipv6Bytes } from './ip-address-bytes.js';

describe('ipv4Bytes', () => {
  it('given dotted quads, when encoded, then four bytes; given anything else, then undefined', () => {
    assert.deepEqual([...(ipv4Bytes('240.0.0.1') ?? [])], [240, 0, 0, 1]);
    assert.equal(ipv4Bytes('256.0.0.1'), undefined);
    assert.equal(ipv4Bytes('::1'), undefined);
  });
});

describe('ipv6Bytes', () => {
  const hex = (address: string) => ipv6Bytes(address)?.toString('hex');
  const cases: [string, string | undefined][] = [
    ['::1', '00000000000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['fd00::1:2', 'fd000000000000000000000000010002'],
    ['2001:db8:0:0:1:0:0:1', '20010db8000000000001000000000001'],
    ['fe80::', 'fe800000000000000000000000000000'],
    ['::ffff:10.0.0.1', '00000000000000000000ffff0a000001'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
    ['fe80::1%eth0', undefined],
    ['10.0.0.1', undefined],
  ];
  for (const [address, expected] of cases) {
    it(`given ${address}, when encoded, then ${expected ?? 'undefined'}`, () => {
      assert.equal(hex(address), expected);
    });
  }
});
