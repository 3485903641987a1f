import { AUTHORITATIVE_ANSWER, RECURSION_AVAILABLE, RECURSION_DESIRED, TRUNCATED_RESPONSE } from 'dns-packet';

/**
 * The parts of the DNS wire format (RFC 1035 §4.1) kumiko-dp's resolver reads and writes (names are
 * decoded by dns-packet). A message starts with a 12-byte header: id, flags, then the four section counts.
 */
export const DNS_HEADER_LENGTH = 12;

/** Flag bits of the header's second 16-bit word. */
export const DnsFlags = {
  /** QR: set in responses (dns-packet sets it from `type: 'response'` and names no constant for it). */
  response: 0x8000,
  authoritative: AUTHORITATIVE_ANSWER,
  truncated: TRUNCATED_RESPONSE,
  recursionDesired: RECURSION_DESIRED,
  recursionAvailable: RECURSION_AVAILABLE,
} as const;

export const DnsOpcodes = { query: 0 } as const;

export const DnsRcodes = { noError: 0, formErr: 1, servFail: 2, nxDomain: 3, notImp: 4, refused: 5 } as const;
export type DnsRcode = (typeof DnsRcodes)[keyof typeof DnsRcodes];

export const DnsTypes = { A: 1, AAAA: 28 } as const;
export const DNS_CLASS_IN = 1;

export interface DnsQuestion {
  /** Labels joined with `.`, lowercased, no trailing dot (`backend.mesh`); `""` for the root. */
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

/** A standard query (opcode QUERY) with exactly one question. */
export interface DnsQuery {
  readonly id: number;
  /** The header's flags word as received (opcode and RD are echoed in answers). */
  readonly flags: number;
  readonly question: DnsQuestion;
  /** The question section's bytes as received, echoed verbatim in answers (keeps the client's 0x20 case). */
  readonly questionBytes: Buffer;
}

/** The opcode field of a flags word. */
export function opcodeOf(flags: number): number {
  return (flags >> 11) & 0x0f;
}
