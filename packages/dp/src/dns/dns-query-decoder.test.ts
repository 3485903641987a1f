import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildQuery } from '../test-support/dns-wire.js';
import { decodeDnsPacket } from './dns-query-decoder.js';

describe('decodeDnsPacket', () => {
  it('given an A query for a mixed-case name, when decoded, then id, flags and the lowercased question come out', () => {
    // given
    const packet = buildQuery('Backend.MESH', 1, { id: 0xbeef });
    // when
    const decoded = decodeDnsPacket(packet);
    // then
    assert.equal(decoded.kind, 'query');
    if (decoded.kind !== 'query') return;
    assert.equal(decoded.query.id, 0xbeef);
    assert.equal(decoded.query.flags, 0x0100);
    assert.deepEqual(decoded.query.question, { name: 'backend.mesh', type: 1, class: 1 });
    assert.deepEqual(decoded.query.questionBytes, packet.subarray(12)); // echoed as received, case kept
  });

  it('given a query with an EDNS OPT record after the question, when decoded, then the extra record is ignored', () => {
    const packet = buildQuery('a.mesh', 1);
    packet.writeUInt16BE(1, 10);
    const withOpt = Buffer.concat([packet, Buffer.from([0, 0, 41, 4, 208, 0, 0, 0, 0, 0, 0])]);
    const decoded = decodeDnsPacket(withOpt);
    assert.equal(decoded.kind, 'query');
    if (decoded.kind === 'query') assert.equal(decoded.query.questionBytes.length, packet.length - 12);
  });

  it('given the root name, when decoded, then the name is empty', () => {
    const decoded = decodeDnsPacket(buildQuery('', 2));
    assert.equal(decoded.kind === 'query' ? decoded.query.question.name : undefined, '');
  });

  it('given a non-QUERY opcode (NOTIFY), when decoded, then it passes through to the upstream', () => {
    assert.deepEqual(decodeDnsPacket(buildQuery('a.mesh', 6, { id: 7, flags: 4 << 11 })), { kind: 'passthrough', id: 7 });
  });

  const valid = buildQuery('backend.mesh', 1, { id: 42 });
  // The reasons of name errors are dns-packet's messages.
  const malformed: [string, Buffer, string][] = [
    [
      'no question',
      (() => {
        const p = Buffer.from(valid.subarray(0, 12));
        p.writeUInt16BE(0, 4);
        return p;
      })(),
      '0 questions; a query has exactly one',
    ],
    [
      'two questions',
      (() => {
        const p = Buffer.from(valid);
        p.writeUInt16BE(2, 4);
        return p;
      })(),
      '2 questions; a query has exactly one',
    ],
    ['a name cut short', valid.subarray(0, 16), 'Cannot decode name (buffer overflow)'],
    ['a name without its terminating zero', valid.subarray(0, 25), 'Cannot decode name (buffer overflow)'],
    ['a question without type and class', valid.subarray(0, valid.length - 3), 'question truncated'],
    [
      'a label of reserved type 0x40',
      Buffer.concat([valid.subarray(0, 12), Buffer.from([0x40, 0, 0, 1, 0, 1])]),
      'Cannot decode name (bad label)',
    ],
    [
      'a pointer to itself',
      Buffer.concat([valid.subarray(0, 12), Buffer.from([0xc0, 12, 0, 1, 0, 1])]),
      'Cannot decode name (bad pointer)',
    ],
    [
      'a pointer into the header',
      Buffer.concat([valid.subarray(0, 12), Buffer.from([1, 0x61, 0xc0, 2, 0, 1, 0, 1])]),
      'Cannot decode name (bad pointer)',
    ],
    [
      'a pointer loop',
      Buffer.concat([valid.subarray(0, 12), Buffer.from([1, 0x61, 0xc0, 12, 0, 1, 0, 1])]),
      'Cannot decode name (bad pointer)',
    ],
    ['a truncated pointer', Buffer.concat([valid.subarray(0, 12), Buffer.from([1, 0x61, 0xc0])]), 'Cannot decode name (buffer overflow)'],
    [
      'a name over 255 bytes',
      buildQuery(Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.'), 1, { id: 42 }),
      'Cannot decode name (name too long)',
    ],
  ];
  for (const [name, packet, reason] of malformed) {
    it(`given ${name}, when decoded, then it is malformed (FORMERR to its id) and nothing throws`, () => {
      assert.deepEqual(decodeDnsPacket(packet), { kind: 'malformed', id: 42, flags: 0x0100, reason });
    });
  }

  it('given fewer bytes than a header or a response, when decoded, then it is dropped', () => {
    assert.equal(decodeDnsPacket(Buffer.alloc(11)).kind, 'drop');
    assert.equal(decodeDnsPacket(Buffer.alloc(0)).kind, 'drop');
    assert.equal(decodeDnsPacket(buildQuery('a.mesh', 1, { flags: 0x8180 })).kind, 'drop');
  });

  it('given 2,000 random packets, when decoded, then none throws', () => {
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2_000; i++) {
      const packet = Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
      if (packet.length > 5) packet.writeUInt16BE(1, 4); // mostly one question, to reach the name parser
      if (packet.length > 3) packet[2] = (packet[2] ?? 0) & 0x07;
      assert.doesNotThrow(() => decodeDnsPacket(packet));
    }
  });
});
