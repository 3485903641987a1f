import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** Headers that say the request came through a proxy: then its loopback peer says nothing about its origin. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

function isLoopbackAddress(address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/** The host part of a `Host` header or URL authority: `[::1]:5681` → `::1`, `localhost:5681` → `localhost`. */
function hostName(authority: string): string {
  if (authority.startsWith('[')) return authority.slice(1, authority.indexOf(']'));
  const colon = authority.lastIndexOf(':');
  return colon === -1 ? authority : authority.slice(0, colon);
}

function isLoopbackHost(authority: string): boolean {
  const host = hostName(authority).toLowerCase();
  return host === 'localhost' || (isIP(host) !== 0 && isLoopbackAddress(host));
}

/**
 * Kuma's "localhost is admin" rule, which holds only when every sign says the caller is a process on this machine
 * and not a web page or a proxy acting for someone else: the peer address is loopback; no `Forwarded`,
 * `X-Forwarded-For` or `X-Real-IP` header; the `Host` is `localhost` or a loopback address (so DNS rebinding
 * cannot use it); `Sec-Fetch-Site` is absent, `same-origin` or `none`; and an `Origin`, if sent, is the same
 * origin as the `Host`.
 */
export function isLocalhostRequest(request: FastifyRequest): boolean {
  if (!isLoopbackAddress(request.socket.remoteAddress ?? '')) return false;
  if (FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)) return false;
  const host = request.headers.host ?? '';
  if (!isLoopbackHost(host)) return false;
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
