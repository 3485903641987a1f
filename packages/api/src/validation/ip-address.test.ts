import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDNSName, isIP, overlapsIPv4Loopback, parseIP, splitHostPort } from './ip-address.js';

describe('isIP (Go net.ParseIP)', () => {
  const valid = [
    '0.0.0.0',
    '127.0.0.1',
    '255.255.255.255',
    '192.168.0.1',
    '::',
    '::1',
    '1::',
    'fe80::1',
    '2001:db8::8a2e:370:7334',
    '0:0:0:0:0:FFFF:C0A8:0001',
    '::ffff:1.2.3.4',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:8',
    'ABCD:EF01::',
  ];
  const invalid = [
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.04',
    '1..2.3',
    '.1.2.3',
    '1.2.3.',
    ' 1.2.3.4',
    '1.2.3.4 ',
    'localhost',
    ':::',
    '1:::2',
    '1::2::3',
    '12345::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7::8',
    '::1.2.3',
    '1:2:3:4:5:6:7:1.2.3.4',
    'fe80::1%eth0',
    '%eth0',
    '1.2.3.4%x',
    ':1',
    '1:',
    '::ffff:256.1.1.1',
    '::ffff:01.1.1.1',
    '１.2.3.4',
    '::g',
    // ipaddr.js accepts these; Go does not.
    '010.0.0.1',
    '0x0a.0.0.1',
    '10.1',
    '4294967295',
    '::ffff:0x1.1.1.1',
    '::ffff:1.2.3.04',
  ];
  for (const ip of valid) it(`accepts ${JSON.stringify(ip)}`, () => assert.equal(isIP(ip), true));
  for (const ip of invalid) it(`rejects ${JSON.stringify(ip)}`, () => assert.equal(isIP(ip), false));

  it('parses IPv4 into the 16-byte v4-in-v6 form and expands ::', () => {
    const out = new Uint8Array(16);
    assert.ok(parseIP('10.1.2.3', out));
    assert.deepEqual([...out], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 1, 2, 3]);
    assert.ok(parseIP('1::2:3', out));
    assert.deepEqual([...out], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 3]);
  });

  it('parses ::a.b.c.d as the IPv4-compatible address, as Go does (ipaddr.js would map it to ::ffff:a.b.c.d)', () => {
    const out = new Uint8Array(16);
    assert.ok(parseIP('::1.2.3.4', out));
    assert.deepEqual([...out], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
  });
});

describe('isDNSName (govalidator)', () => {
  const valid = ['example.com', 'localhost', 'a', 'my_host', 'a-b.c', 'example.com.', 'x_', '1.2.3', '010.0.0.1', 'a'.repeat(63)];
  const invalid = [
    '',
    '1.2.3.4',
    '::1',
    '-a',
    'a..b',
    '.a',
    'a b',
    'a/b',
    'ex*ample.com',
    'a'.repeat(64),
    `${'a.'.repeat(256)}b`,
    'zażółć.pl',
  ];
  for (const name of valid)
    it(`accepts ${JSON.stringify(name.length > 40 ? name.slice(0, 20) + '…' : name)}`, () => assert.equal(isDNSName(name), true));
  for (const name of invalid)
    it(`rejects ${JSON.stringify(name.length > 40 ? name.slice(0, 20) + '…' : name)}`, () => assert.equal(isDNSName(name), false));
});

describe('overlapsIPv4Loopback (Kuma overlap with 127.0.0.1)', () => {
  const overlaps = ['127.0.0.1', '::ffff:127.0.0.1', '0.0.0.0', '::', '::ffff:0.0.0.0', '0:0:0:0:0:0:0:0'];
  const distinct = ['127.0.0.2', '::1', '192.168.0.1', 'localhost', '', 'garbage', '::127.0.0.1', 'fe80::1%lo'];
  for (const a of overlaps) it(`${JSON.stringify(a)} overlaps`, () => assert.equal(overlapsIPv4Loopback(a), true));
  for (const a of distinct) it(`${JSON.stringify(a)} does not`, () => assert.equal(overlapsIPv4Loopback(a), false));
});

describe('splitHostPort (Go net.SplitHostPort)', () => {
  const cases: readonly (readonly [string, [string, string] | undefined])[] = [
    ['host:80', ['host', '80']],
    ['[::1]:80', ['::1', '80']],
    [':80', ['', '80']],
    ['host:', ['host', '']],
    ['host', undefined],
    ['a:b:c', undefined],
    ['[::1]', undefined],
    ['[::1]x:80', undefined],
    ['h[o]st:80', undefined],
  ];
  for (const [input, expected] of cases)
    it(`${input} → ${JSON.stringify(expected)}`, () => assert.deepEqual(splitHostPort(input), expected));
});
