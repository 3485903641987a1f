import ipaddr from 'ipaddr.js';

/*
 * IP address and DNS name checks exactly as Kuma uses them.
 *
 * Kuma calls `net.ParseIP` directly and through govalidator's `IsIP`; since Go 1.22 `net.ParseIP` is
 * `netip.ParseAddr` plus "no zone". ipaddr.js does the parsing; it accepts more than Go does, so each
 * place where Go's rule is stricter or reads an address differently is kept in code below and says so.
 * The parsed form is the 16-byte `net.IP` (IPv4 as `::ffff:a.b.c.d`), used by the loopback overlap test.
 */

const scratch = new Uint8Array(16);

/** Go `net.ParseIP(s) != nil` (govalidator `IsIP`). */
export function isIP(s: string): boolean {
  return goIPBytes(s) !== undefined;
}

/** Go `netip.ParseAddr(s)` succeeding with an IPv4 address (`Addr.Is4`): dotted decimal, not IPv6 form. */
export function isIPv4Literal(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s);
}

/**
 * Parses `s` as Go's `net.ParseIP` does, writing the 16-byte form into `out`. Returns false (and leaves
 * `out` untouched) when Go would return nil.
 */
export function parseIP(s: string, out: Uint8Array): boolean {
  const bytes = goIPBytes(s);
  if (bytes === undefined) return false;
  out.set(bytes);
  return true;
}

/** The 16 bytes Go's `net.ParseIP(s)` returns, `undefined` where it returns nil. */
function goIPBytes(s: string): number[] | undefined {
  // Go reads IPv4 only as four decimal fields 0–255 without leading zeros (`010.0.0.1` is rejected);
  // ipaddr.js's `parse` would also take `010` as octal, `0x0a` as hex and `10.1` as a short form.
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s).toIPv4MappedAddress().toByteArray();
  // Go's `net.ParseIP` rejects any zone (`fe80::1%eth0`); ipaddr.js accepts it as `zoneId`.
  if (s.includes('%') || !ipaddr.IPv6.isValid(s)) return undefined;
  const v4Tail = /:([^:]*\.[^:]*)$/.exec(s)?.[1];
  if (v4Tail !== undefined) {
    // Go holds an embedded IPv4 tail (`::ffff:1.2.3.4`, accepted as in Go) to the same decimal rule;
    // ipaddr.js takes `01` or `0x1` fields there.
    if (!ipaddr.IPv4.isValidFourPartDecimal(v4Tail)) return undefined;
    // Go reads `::1.2.3.4` as the IPv4-compatible `::102:304`; ipaddr.js turns it into the IPv4-mapped
    // `::ffff:1.2.3.4`, which would make `::127.0.0.1` overlap the loopback address.
    if (s === `::${v4Tail}`) return [...new Array<number>(12).fill(0), ...ipaddr.IPv4.parse(v4Tail).octets];
  }
  return ipaddr.IPv6.parse(s).toByteArray();
}

/**
 * Kuma's `overlap(127.0.0.1, net.ParseIP(address))` (`dataplane_helpers.go`): true when `address` is an IP
 * equal to 127.0.0.1 (also as `::ffff:127.0.0.1`) or unspecified (`0.0.0.0`, `::ffff:0.0.0.0`, `::`).
 * A hostname or an invalid address parses to nil and never overlaps.
 */
export function overlapsIPv4Loopback(address: string): boolean {
  if (!parseIP(address, scratch)) return false;
  for (let i = 0; i < 10; i++) if (scratch[i] !== 0) return false;
  if (scratch[10] === 0 && scratch[11] === 0) {
    return scratch[12] === 0 && scratch[13] === 0 && scratch[14] === 0 && scratch[15] === 0;
  }
  if (scratch[10] !== 0xff || scratch[11] !== 0xff) return false;
  const a = scratch[12], b = scratch[13], c = scratch[14], d = scratch[15];
  return (a === 0 && b === 0 && c === 0 && d === 0) || (a === 127 && b === 0 && c === 0 && d === 1);
}

/**
 * govalidator `IsDNSName` (v0.0.0-20230301143203): non-empty, at most 255 characters once the dots are
 * removed, not an IP, and matching
 * `^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[\._]?$`.
 * Non-ASCII input never matches, so counting UTF-16 units equals Go's byte count where it matters.
 */
export function isDNSName(s: string): boolean {
  if (s === '') return false;
  let dots = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === DOT) dots++;
  if (s.length - dots > 255) return false;
  return !isIP(s) && DNS_NAME.test(s);
}

const DNS_NAME = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;

const DOT = 0x2e;

/**
 * Go `net.SplitHostPort` succeeding: `host:port` or `[host]:port`, split at the last `:`, with no stray
 * brackets and (unbracketed) no other colon. Returns `[host, port]`, or `undefined` when Go returns an error.
 */
export function splitHostPort(hostport: string): [host: string, port: string] | undefined {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0 || end + 1 !== i) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.indexOf(':') >= 0) return undefined;
  }
  if (hostport.indexOf('[', j) >= 0 || hostport.indexOf(']', k) >= 0) return undefined;
  return [host, hostport.slice(i + 1)];
}
