import { DNS_CLASS_IN, DnsRcodes, DnsTypes } from './dns-message.js';
import { decodeDnsPacket } from './dns-query-decoder.js';
import { type DnsAnswer, encodeDnsAnswer, encodeDnsError } from './dns-response-encoder.js';
import type { DnsTable } from './dns-table.js';

export interface DnsQueryHandlerDeps {
  /** The current table (read per query, so table updates apply at once). */
  readonly table: () => DnsTable;
  /** Sends the packet verbatim to the upstream resolver and returns its reply; rejects on timeout. */
  readonly forward: (packet: Buffer) => Promise<Buffer>;
}

/** How a query was answered; for logs and tests. */
export type DnsOutcome = 'local' | 'forwarded' | 'servfail' | 'formerr' | 'dropped';

/**
 * Answers one DNS packet. A query (class IN) for a name in the table is answered here: A → the
 * name's IPv4 VIPs, AAAA → its IPv6 VIPs (usually none: an empty NOERROR, so clients fall back to A
 * at once), any other type → empty NOERROR; TTL from the table. Every other well-formed packet goes
 * verbatim to the upstream and its reply comes back verbatim; an upstream failure becomes SERVFAIL.
 * A malformed query gets FORMERR; garbage and responses get nothing (`reply` undefined). Never throws.
 */
export async function handleDnsPacket(
  packet: Buffer,
  deps: DnsQueryHandlerDeps,
): Promise<{ reply: Buffer | undefined; outcome: DnsOutcome }> {
  const decoded = decodeDnsPacket(packet);
  switch (decoded.kind) {
    case 'drop':
      return { reply: undefined, outcome: 'dropped' };
    case 'malformed':
      return { reply: encodeDnsError(decoded.id, decoded.flags, DnsRcodes.formErr), outcome: 'formerr' };
    case 'passthrough':
      return forward(packet, deps, () => encodeDnsError(decoded.id, packet.readUInt16BE(2), DnsRcodes.servFail));
    case 'query': {
      const { query } = decoded;
      const entry = query.question.class === DNS_CLASS_IN ? deps.table().lookup(query.question.name) : undefined;
      if (entry === undefined) {
        return forward(packet, deps, () => encodeDnsError(query.id, query.flags, DnsRcodes.servFail, query.questionBytes));
      }
      const answers: DnsAnswer[] = [];
      if (query.question.type === DnsTypes.A) for (const data of entry.ipv4) answers.push({ type: DnsTypes.A, ttl: entry.ttl, data });
      if (query.question.type === DnsTypes.AAAA) for (const data of entry.ipv6) answers.push({ type: DnsTypes.AAAA, ttl: entry.ttl, data });
      return { reply: encodeDnsAnswer(query, answers), outcome: 'local' };
    }
  }
}

async function forward(packet: Buffer, deps: DnsQueryHandlerDeps, servFail: () => Buffer): Promise<{ reply: Buffer; outcome: DnsOutcome }> {
  try {
    return { reply: await deps.forward(packet), outcome: 'forwarded' };
  } catch {
    return { reply: servFail(), outcome: 'servfail' };
  }
}
