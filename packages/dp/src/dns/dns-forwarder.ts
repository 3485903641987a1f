import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import type { DnsUpstream } from './dns-upstream.js';
import { DnsTcpFramer } from './dns-tcp-framer.js';

/** The upstream resolver did not answer in time, or the exchange failed. */
export class DnsForwardError extends Error {
  override readonly name = 'DnsForwardError';
  readonly code = 'DNS_FORWARD_FAILED';
}

/**
 * Sends `query` verbatim to the upstream over UDP, from a fresh socket (a new random source port per
 * query), and resolves with the first reply from the upstream's address that carries the query's id.
 * Rejects with {@link DnsForwardError} after `timeoutMs`.
 */
export function forwardDnsUdp(query: Buffer, upstream: DnsUpstream, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(upstream.host) ? 'udp6' : 'udp4');
    const id = query.readUInt16BE(0);
    let settled = false;
    const finish = (error: Error | undefined, reply?: Buffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      if (error !== undefined) reject(error);
      else resolve(reply ?? Buffer.alloc(0));
    };
    const timer = setTimeout(
      () => finish(new DnsForwardError(`no answer from ${upstream.host}:${upstream.port} within ${timeoutMs}ms`)),
      timeoutMs,
    );
    socket.on('message', (reply, from) => {
      if (from.address !== upstream.host || from.port !== upstream.port || reply.length < 2 || reply.readUInt16BE(0) !== id) return;
      finish(undefined, reply);
    });
    socket.on('error', (error) =>
      finish(new DnsForwardError(`UDP exchange with ${upstream.host}:${upstream.port} failed: ${error.message}`, { cause: error })),
    );
    socket.send(query, upstream.port, upstream.host);
  });
}

/**
 * Sends `query` verbatim to the upstream over TCP (RFC 1035 §4.2.2: a 2-byte length before each
 * message), one connection per query, and resolves with the reply. Rejects with
 * {@link DnsForwardError} after `timeoutMs` or on a connection failure.
 */
export function forwardDnsTcp(query: Buffer, upstream: DnsUpstream, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: upstream.host, port: upstream.port });
    const framer = new DnsTcpFramer();
    let settled = false;
    const finish = (error: Error | undefined, reply?: Buffer): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error !== undefined) reject(error);
      else resolve(reply ?? Buffer.alloc(0));
    };
    socket.setTimeout(timeoutMs, () =>
      finish(new DnsForwardError(`no answer from ${upstream.host}:${upstream.port} (TCP) within ${timeoutMs}ms`)),
    );
    socket.on('connect', () => socket.write(DnsTcpFramer.frame(query)));
    socket.on('data', (chunk: Buffer) => {
      const [reply] = framer.push(chunk);
      if (reply !== undefined) finish(undefined, reply);
    });
    socket.on('error', (error) =>
      finish(new DnsForwardError(`TCP exchange with ${upstream.host}:${upstream.port} failed: ${error.message}`, { cause: error })),
    );
    socket.on('close', () => finish(new DnsForwardError(`${upstream.host}:${upstream.port} closed the TCP connection without an answer`)));
  });
}
