import { isIP } from 'node:net';

/** Where queries for names outside the mesh go. */
export interface DnsUpstream {
  /** An IPv4 or IPv6 address (no brackets). */
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_UPSTREAM_DNS_PORT = 53;

/**
 * Parses `host`, `host:port`, `[v6]:port` or a bare IPv6 address. The host must be an IP address (a
 * resolver cannot be found by name). Returns `undefined` for anything else.
 */
export function parseDnsUpstream(text: string): DnsUpstream | undefined {
  const value = text.trim();
  let host = value;
  let port = String(DEFAULT_UPSTREAM_DNS_PORT);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed !== null) {
    host = bracketed[1] ?? '';
    port = bracketed[2] ?? port;
  } else if (isIP(value) !== 6) {
    const colon = value.lastIndexOf(':');
    if (colon >= 0) {
      host = value.slice(0, colon);
      port = value.slice(colon + 1);
    }
  }
  const portNumber = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (isIP(host) === 0 || !(portNumber >= 1 && portNumber <= 65535)) return undefined;
  return { host, port: portNumber };
}

/**
 * The first `nameserver` of a resolv.conf text (port 53), as glibc uses it; `undefined` when there is
 * none. A zone index (`fe80::1%eth0`) is kept out: node:dgram cannot send to it portably.
 */
export function upstreamFromResolvConf(text: string): DnsUpstream | undefined {
  for (const line of text.split('\n')) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    const address = match?.[1];
    if (address !== undefined && isIP(address) !== 0) return { host: address, port: DEFAULT_UPSTREAM_DNS_PORT };
  }
  return undefined;
}
