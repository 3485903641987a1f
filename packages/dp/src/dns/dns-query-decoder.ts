import { name as dnsName } from 'dns-packet';
import { DNS_HEADER_LENGTH, DnsFlags, DnsOpcodes, type DnsQuery, opcodeOf } from './dns-message.js';

/**
 * What a received packet is. `drop`: no answer can or should be sent (shorter than a header, or a
 * response — answering responses invites loops). `malformed`: answer FORMERR to `id`. `passthrough`:
 * a well-formed header with an opcode other than QUERY, for the upstream to judge.
 */
export type DecodedDnsPacket =
  | { readonly kind: 'query'; readonly query: DnsQuery }
  | { readonly kind: 'passthrough'; readonly id: number }
  | { readonly kind: 'malformed'; readonly id: number; readonly flags: number; readonly reason: string }
  | { readonly kind: 'drop'; readonly reason: string };

/**
 * Put in place of the header while the question's name is decoded. No name lives in the header, so a
 * compression pointer into it is malformed; dns-packet only requires pointers to point backwards, and
 * here such a pointer lands on 0xff, itself a pointer forward, which dns-packet rejects.
 */
const HEADER_POINTER_TRAP = Buffer.alloc(DNS_HEADER_LENGTH, 0xff);

/**
 * Decodes the header and the single question of a query; records after the question (EDNS OPT and
 * the like) are not read. Never throws, whatever the bytes: dns-packet decodes the name (bounds,
 * 255-byte limit, backward-only pointers) and its errors become `malformed`.
 */
export function decodeDnsPacket(packet: Buffer): DecodedDnsPacket {
  if (packet.length < DNS_HEADER_LENGTH) return { kind: 'drop', reason: `${packet.length} bytes is shorter than a DNS header` };
  const id = packet.readUInt16BE(0);
  const flags = packet.readUInt16BE(2);
  if ((flags & DnsFlags.response) !== 0) return { kind: 'drop', reason: 'a response, not a query' };
  if (opcodeOf(flags) !== DnsOpcodes.query) return { kind: 'passthrough', id };
  const questions = packet.readUInt16BE(4);
  if (questions !== 1) return { kind: 'malformed', id, flags, reason: `${questions} questions; a query has exactly one` };
  let name: string;
  try {
    // `mail` escapes a dot inside a label (`a\.b`), so a one-label name cannot pass for the two-label `a.b`.
    name = dnsName.decode(Buffer.concat([HEADER_POINTER_TRAP, packet.subarray(DNS_HEADER_LENGTH)]), DNS_HEADER_LENGTH, { mail: true });
  } catch (error) {
    return { kind: 'malformed', id, flags, reason: error instanceof Error ? error.message : String(error) };
  }
  const end = DNS_HEADER_LENGTH + dnsName.decode.bytes;
  if (end + 4 > packet.length) return { kind: 'malformed', id, flags, reason: 'question truncated' };
  return {
    kind: 'query',
    query: {
      id,
      flags,
      question: { name: name === '.' ? '' : name.toLowerCase(), type: packet.readUInt16BE(end), class: packet.readUInt16BE(end + 2) },
      questionBytes: Buffer.from(packet.subarray(DNS_HEADER_LENGTH, end + 4)),
    },
  };
}
