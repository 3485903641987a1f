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

/** Longest name on the wire (RFC 1035 §3.1). */
const MAX_NAME_LENGTH = 255;
/** Compression pointers followed before a name is rejected as a loop. */
const MAX_POINTERS = 16;

/**
 * Decodes the header and the single question of a query. Never throws, whatever the bytes: every
 * read is bounds-checked, compression pointers must point backwards and are limited in number.
 */
export function decodeDnsPacket(packet: Buffer): DecodedDnsPacket {
  if (packet.length < DNS_HEADER_LENGTH) return { kind: 'drop', reason: `${packet.length} bytes is shorter than a DNS header` };
  const id = packet.readUInt16BE(0);
  const flags = packet.readUInt16BE(2);
  if ((flags & DnsFlags.response) !== 0) return { kind: 'drop', reason: 'a response, not a query' };
  if (opcodeOf(flags) !== DnsOpcodes.query) return { kind: 'passthrough', id };
  const questions = packet.readUInt16BE(4);
  if (questions !== 1) return { kind: 'malformed', id, flags, reason: `${questions} questions; a query has exactly one` };
  const name = readName(packet, DNS_HEADER_LENGTH);
  if (typeof name === 'string') return { kind: 'malformed', id, flags, reason: name };
  if (name.end + 4 > packet.length) return { kind: 'malformed', id, flags, reason: 'question truncated' };
  return {
    kind: 'query',
    query: {
      id,
      flags,
      question: { name: name.labels.join('.').toLowerCase(), type: packet.readUInt16BE(name.end), class: packet.readUInt16BE(name.end + 2) },
      questionBytes: Buffer.from(packet.subarray(DNS_HEADER_LENGTH, name.end + 4)),
    },
  };
}

/** Reads a (possibly compressed) name at `offset`; returns its labels and where the field ends, or why it is invalid. */
function readName(packet: Buffer, offset: number): { labels: string[]; end: number } | string {
  const labels: string[] = [];
  let position = offset;
  let end: number | undefined;
  let length = 1;
  for (let pointers = 0; ; ) {
    const byte = packet[position];
    if (byte === undefined) return 'name runs past the end of the packet';
    if ((byte & 0xc0) === 0xc0) {
      const low = packet[position + 1];
      if (low === undefined) return 'compression pointer truncated';
      const target = ((byte & 0x3f) << 8) | low;
      if (target < DNS_HEADER_LENGTH || target >= position) return 'compression pointer does not point back into the message';
      if (++pointers > MAX_POINTERS) return 'compression pointers loop';
      end ??= position + 2;
      position = target;
      continue;
    }
    if ((byte & 0xc0) !== 0) return `reserved label type 0x${byte.toString(16)}`;
    if (byte === 0) return { labels, end: end ?? position + 1 };
    if (position + 1 + byte > packet.length) return 'label runs past the end of the packet';
    length += byte + 1;
    if (length > MAX_NAME_LENGTH) return `name longer than ${MAX_NAME_LENGTH} bytes`;
    // A dot inside a label would make two different names look alike; escape it so it matches nothing.
    labels.push(packet.toString('latin1', position + 1, position + 1 + byte).replaceAll('.', '\\.'));
    position += 1 + byte;
  }
}
