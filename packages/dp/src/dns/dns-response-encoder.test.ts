import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildQuery, parseResponse } from '../test-support/dns-wire.js';
import { DnsRcodes } from './dns-message.js';
import { decodeDnsPacket } from './dns-query-decoder.js';
import { encodeDnsAnswer, encodeDnsError } from './dns-response-encoder.js';

function queryOf(packet: Buffer) {
  const decoded = decodeDnsPacket(packet);
  assert.equal(decoded.kind, 'query');
  return decoded.kind === 'query' ? decoded.query : assert.fail();
}

describe('encodeDnsAnswer', () => {
  it('given a query and two A answers, when encoded, then the response echoes id and question and carries both records', () => {
    // given
    const packet = buildQuery('Backend.Mesh', 1, { id: 0x0a0b });
    // when
    const response = encodeDnsAnswer(queryOf(packet), [
      { type: 1, ttl: 30, data: Buffer.from([240, 0, 0, 1]) },
      { type: 1, ttl: 30, data: Buffer.from([240, 0, 0, 2]) },
    ]);
    // then
    const parsed = parseResponse(response);
    assert.equal(parsed.id, 0x0a0b);
    assert.equal(parsed.flags, 0x8580); // QR, AA, RD (echoed), RA, NOERROR
    assert.equal(parsed.questions, 1);
    assert.deepEqual(parsed.answers, [
      { type: 1, ttl: 30, data: '240.0.0.1' },
      { type: 1, ttl: 30, data: '240.0.0.2' },
    ]);
    assert.deepEqual(response.subarray(12, packet.length), packet.subarray(12)); // the client's own question, case kept
    assert.deepEqual([...response.subarray(packet.length, packet.length + 2)], [0xc0, 0x0c]); // name by pointer to the question
  });

  it('given no answers, when encoded, then an empty NOERROR (NODATA) with the question', () => {
    const parsed = parseResponse(encodeDnsAnswer(queryOf(buildQuery('backend.mesh', 28)), []));
    assert.deepEqual([parsed.rcode, parsed.questions, parsed.answers.length], [0, 1, 0]);
  });
});

describe('encodeDnsError', () => {
  it('given an unreadable query, when FORMERR is encoded without a question, then it is a bare header with the rcode', () => {
    const response = encodeDnsError(77, 0x0100, DnsRcodes.formErr);
    assert.equal(response.length, 12);
    assert.deepEqual(parseResponse(response), { id: 77, flags: 0x8181, rcode: 1, questions: 0, answers: [] });
  });

  it('given a query, when SERVFAIL is encoded with its question, then the question is echoed', () => {
    const query = queryOf(buildQuery('example.com', 1, { id: 5, flags: 0 }));
    const parsed = parseResponse(encodeDnsError(query.id, query.flags, DnsRcodes.servFail, query.questionBytes));
    assert.deepEqual([parsed.id, parsed.flags, parsed.rcode, parsed.questions], [5, 0x8082, 2, 1]);
  });
});
