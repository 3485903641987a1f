import { DNS_CLASS_IN, DNS_HEADER_LENGTH, DnsFlags, type DnsQuery, type DnsRcode } from './dns-message.js';

/** One answer record for the query's name: A (4 bytes of data) or AAAA (16). */
export interface DnsAnswer {
  readonly type: number;
  readonly ttl: number;
  readonly data: Buffer;
}

/** Flags of a response to a query with `queryFlags`: QR, RA, the query's opcode and RD, and `rcode`. */
function responseFlags(queryFlags: number, rcode: DnsRcode, authoritative: boolean): number {
  const echoed = queryFlags & (0x7800 | DnsFlags.recursionDesired); // opcode and RD
  return DnsFlags.response | echoed | DnsFlags.recursionAvailable | (authoritative ? DnsFlags.authoritative : 0) | rcode;
}

function header(id: number, flags: number, questions: number, answers: number): Buffer {
  const out = Buffer.alloc(DNS_HEADER_LENGTH);
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(flags, 2);
  out.writeUInt16BE(questions, 4);
  out.writeUInt16BE(answers, 6);
  return out; // no authority or additional records
}

/**
 * An authoritative answer (NOERROR) to `query`: its question echoed, then one record per answer, each
 * naming the question by a compression pointer to offset 12 (where the question's name starts). No
 * answers is the NODATA response (the name exists, not with that type).
 */
export function encodeDnsAnswer(query: DnsQuery, answers: readonly DnsAnswer[]): Buffer {
  const records = answers.map((answer) => {
    const record = Buffer.alloc(12 + answer.data.length);
    record.writeUInt16BE(0xc000 | DNS_HEADER_LENGTH, 0);
    record.writeUInt16BE(answer.type, 2);
    record.writeUInt16BE(DNS_CLASS_IN, 4);
    record.writeUInt32BE(answer.ttl, 6);
    record.writeUInt16BE(answer.data.length, 10);
    answer.data.copy(record, 12);
    return record;
  });
  return Buffer.concat([header(query.id, responseFlags(query.flags, 0, true), 1, records.length), query.questionBytes, ...records]);
}

/**
 * An error response (FORMERR, SERVFAIL, …) to the query with `id` and `flags`; with `questionBytes`
 * the question is echoed, without (the question could not be read) the response has none.
 */
export function encodeDnsError(id: number, flags: number, rcode: DnsRcode, questionBytes?: Buffer): Buffer {
  const head = header(id, responseFlags(flags, rcode, false), questionBytes === undefined ? 0 : 1, 0);
  return questionBytes === undefined ? head : Buffer.concat([head, questionBytes]);
}
