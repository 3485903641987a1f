import { type RecordClass, type RecordType, decode, encode } from 'dns-packet';

/**
 * DNS messages for tests, written and read with dns-packet's whole-message codec (the resolver itself
 * only uses its name decoder): a query for one name, and the header and answer records of a response.
 */

/** The record types and classes tests ask with, by number (dns-packet names them). */
const TYPE_NAMES: Readonly<Record<number, RecordType>> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
};
const CLASS_NAMES: Readonly<Record<number, RecordClass>> = { 1: 'IN', 3: 'CH', 4: 'HS', 255: 'ANY' };
const TYPE_NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(TYPE_NAMES).map(([number, name]) => [name, Number(number)]),
);

/** A query with one question for `name` (labels as given, case kept; `""` is the root). Default id 0x1234, flags RD. */
export function buildQuery(name: string, type: number, options: { id?: number; flags?: number; qclass?: number } = {}): Buffer {
  const flags = options.flags ?? 0x0100; // RD
  const typeName = TYPE_NAMES[type];
  const className = CLASS_NAMES[options.qclass ?? 1];
  if (typeName === undefined || className === undefined)
    throw new Error(`buildQuery: add type ${type} / class ${options.qclass ?? 1} to the tables`);
  // dns-packet takes the QR bit from `type` and the other 15 bits from `flags`.
  return encode({
    type: (flags & 0x8000) !== 0 ? 'response' : 'query',
    id: options.id ?? 0x1234,
    flags,
    questions: [{ name, type: typeName, class: className }],
  });
}

export interface ParsedResponse {
  readonly id: number;
  readonly flags: number;
  readonly rcode: number;
  readonly questions: number;
  /** `data` is the address for A and AAAA records, the RDATA in hex for other types. */
  readonly answers: readonly { readonly type: number; readonly ttl: number; readonly data: string }[];
}

/** Reads a response's header, its question count and its answers (authority and additional records must decode too). */
export function parseResponse(message: Buffer): ParsedResponse {
  const packet = decode(message);
  const flags = (packet.flag_qr ? 0x8000 : 0) | (packet.flags ?? 0);
  const answers = (packet.answers ?? []).map((answer) => {
    const data: unknown = answer.type === 'OPT' ? answer.options : answer.data;
    return {
      type: TYPE_NUMBERS[answer.type] ?? Number(answer.type.replace(/^UNKNOWN_/, '')),
      ttl: answer.type === 'OPT' ? 0 : (answer.ttl ?? 0),
      data: typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('hex') : JSON.stringify(data),
    };
  });
  return { id: packet.id ?? 0, flags, rcode: flags & 0x0f, questions: packet.questions?.length ?? 0, answers };
}
