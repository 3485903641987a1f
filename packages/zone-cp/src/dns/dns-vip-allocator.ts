import { createHash } from 'node:crypto';

/** A CIDR that cannot hold VIPs. */
export class VipCidrError extends Error {
  override readonly name = 'VipCidrError';
  readonly code = 'INVALID_VIP_CIDR';
  constructor(
    readonly cidr: string,
    reason: string,
  ) {
    super(`invalid VIP CIDR ${JSON.stringify(cidr)}: ${reason}`);
  }
}

/** An IPv4 range usable for VIPs: host addresses only (network and broadcast skipped). */
export interface VipRange {
  readonly first: number;
  readonly size: number;
}

/** Parses `a.b.c.d/n` (IPv4, n ≤ 30); throws {@link VipCidrError}. */
export function parseVipCidr(cidr: string): VipRange {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) throw new VipCidrError(cidr, 'expected an IPv4 CIDR such as 240.0.0.0/4');
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) throw new VipCidrError(cidr, 'octets must be 0..255');
  if (prefix > 30) throw new VipCidrError(cidr, 'the prefix must be at most 30 (room for host addresses)');
  const base = octets.reduce((n, o) => n * 256 + o, 0);
  const blockSize = 2 ** (32 - prefix);
  const network = base - (base % blockSize);
  return { first: network + 1, size: blockSize - 2 };
}

/** `n` (0..2³²−1) as dotted-quad IPv4. */
export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export interface VipAllocation {
  /** service → VIP; the caller owns it. */
  readonly vips: Record<string, string>;
  /** Services that found no free address (the range is full), sorted. */
  readonly unallocated: readonly string[];
}

/**
 * One mesh's VIPs for `services`: what `previous` assigned is kept (if still a host address of
 * `range`), services no longer wanted are released, and each new service gets, in sorted order, its
 * preferred address — a hash of (mesh, service) into the range — or the next free one after it
 * (linear probing, wrapping). The same inputs give the same table on every replica and after every
 * restart, without storing it; only when two services' hashes collide can the order they arrived in
 * (through `previous`) decide which one probes. When the range is full, the services left over (in
 * sorted order) get no VIP and are listed in `unallocated`; they get one once addresses are released.
 * Pure; `previous` is not modified.
 */
export function allocateVips(
  mesh: string,
  services: Iterable<string>,
  previous: Readonly<Record<string, string>>,
  range: VipRange,
): VipAllocation {
  const wanted = [...new Set(services)].sort();
  const vips: Record<string, string> = {};
  const used = new Set<string>();
  for (const service of wanted) {
    const kept = previous[service];
    if (kept !== undefined && !used.has(kept) && inRange(kept, range)) {
      vips[service] = kept;
      used.add(kept);
    }
  }
  const unallocated: string[] = [];
  for (const service of wanted) {
    if (vips[service] !== undefined) continue;
    if (used.size >= range.size) {
      unallocated.push(service);
      continue;
    }
    const start = createHash('sha256').update(`${mesh}\u0000${service}`).digest().readUInt32BE(0) % range.size;
    for (let i = 0; i < range.size; i++) {
      const ip = formatIpv4(range.first + ((start + i) % range.size));
      if (!used.has(ip)) {
        vips[service] = ip;
        used.add(ip);
        break;
      }
    }
  }
  return { vips, unallocated };
}

function inRange(ip: string, range: VipRange): boolean {
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return false;
  const n = octets.reduce((acc, o) => acc * 256 + o, 0);
  return n >= range.first && n < range.first + range.size;
}
