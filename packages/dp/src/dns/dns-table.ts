import { isIPv4, isIPv6 } from 'node:net';
import { v4, v6 } from '@leichtgewicht/ip-codec';
import { z } from 'zod';

/**
 * The body of the CP's `GET /dns?mesh=<mesh>`: `{"ttl":30,"records":[{"name":"backend.mesh","ips":["240.0.0.1"]}]}`.
 * Unknown fields are ignored, so the CP may add some.
 */
export const dnsTableResponseSchema = z.object({
  ttl: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  records: z.array(z.object({ name: z.string().min(1), ips: z.array(z.string()) })),
});
export type DnsTableResponse = z.infer<typeof dnsTableResponseSchema>;

/** The addresses of one name, ready for A and AAAA records. */
export interface DnsTableEntry {
  readonly ttl: number;
  readonly ipv4: readonly Buffer[];
  readonly ipv6: readonly Buffer[];
}

/** `Backend.Mesh.` and `backend.mesh` are the same name. */
export function normalizeDnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * The names the local resolver answers itself (mesh services' VIPs). Immutable; lookups are
 * case-insensitive and ignore a trailing dot. Addresses that are not IPs are left out; a name that
 * appears twice gets the addresses of both entries.
 */
export class DnsTable {
  static readonly empty = new DnsTable(new Map());

  private readonly entries: ReadonlyMap<string, DnsTableEntry>;

  private constructor(entries: ReadonlyMap<string, DnsTableEntry>) {
    this.entries = entries;
  }

  static fromResponse(response: DnsTableResponse): DnsTable {
    const entries = new Map<string, { ttl: number; ipv4: Buffer[]; ipv6: Buffer[] }>();
    for (const record of response.records) {
      const name = normalizeDnsName(record.name);
      const entry = entries.get(name) ?? { ttl: response.ttl, ipv4: [], ipv6: [] };
      for (const ip of new Set(record.ips)) {
        // ip-codec (dns-packet's A/AAAA codec) writes bytes without validating, so node:net judges first.
        // A zone index (`fe80::1%eth0`) has no place in an AAAA record: such an address is left out.
        if (isIPv4(ip)) entry.ipv4.push(v4.encode(ip, Buffer.alloc(4)));
        else if (isIPv6(ip) && !ip.includes('%')) entry.ipv6.push(v6.encode(ip, Buffer.alloc(16)));
      }
      entries.set(name, entry);
    }
    return new DnsTable(entries);
  }

  /** The entry for `name`, `undefined` when the name is not in the table (the query goes upstream). */
  lookup(name: string): DnsTableEntry | undefined {
    return this.entries.get(normalizeDnsName(name));
  }

  get size(): number {
    return this.entries.size;
  }
}
