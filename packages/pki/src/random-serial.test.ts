import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { derIntegerContent, randomSerialInteger } from './random-serial.js';

describe('random serials as DER INTEGER content', () => {
  const cases = [
    { name: 'a leading zero byte is dropped (one serial in 256 starts with one)', hex: '0023c01b', expected: '23c01b' },
    { name: 'several leading zero bytes are dropped', hex: '000000017f', expected: '017f' },
    { name: 'a set top bit gets one zero byte', hex: '80ff', expected: '0080ff' },
    { name: 'zeros before a set top bit leave exactly one', hex: '0000c0', expected: '00c0' },
    { name: 'a plain positive number stays', hex: '7f01', expected: '7f01' },
  ];
  for (const c of cases) {
    it(`given ${c.hex}, then ${c.expected}: ${c.name}`, () => {
      assert.equal(derIntegerContent(Buffer.from(c.hex, 'hex')).toString('hex'), c.expected);
    });
  }

  it('draws minimal, positive integers of at most 17 bytes', () => {
    for (let i = 0; i < 2_000; i++) {
      const content = new Uint8Array(randomSerialInteger());
      assert.ok(content.length >= 1 && content.length <= 17);
      const [first = 0, second = 0] = content;
      assert.ok(first < 0x80, 'positive');
      assert.ok(!(content.length > 1 && first === 0 && second < 0x80), `minimal: ${Buffer.from(content).toString('hex')}`);
    }
  });
});
