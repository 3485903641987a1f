import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { type Server as TcpServer, type Socket, createServer } from 'node:net';
import type { Logger } from 'pino';
import { forwardDnsTcp, forwardDnsUdp } from './dns-forwarder.js';
import { type DnsOutcome, handleDnsPacket } from './dns-query-handler.js';
import type { DnsTable } from './dns-table.js';
import { DnsTcpFramer } from './dns-tcp-framer.js';
import type { DnsUpstream } from './dns-upstream.js';

/** The resolver cannot listen (most often: the port is taken). */
export class DnsListenError extends Error {
  override readonly name = 'DnsListenError';
  readonly code = 'DNS_LISTEN_FAILED';
}

export interface DnsServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** UDP and TCP port; 0 picks a free one (the same number for both). */
  readonly port: number;
  readonly upstream: DnsUpstream;
  readonly table: () => DnsTable;
  readonly logger: Logger;
  /** How long the upstream has to answer before the client gets SERVFAIL. Default 2s. */
  readonly forwardTimeoutMs?: number;
  /** An idle TCP connection is closed after this. Default 10s. */
  readonly tcpIdleTimeoutMs?: number;
  readonly onQuery?: (outcome: DnsOutcome, transport: 'udp' | 'tcp') => void;
}

/**
 * The resolver kumiko-dp runs beside Envoy (where kuma-dp runs CoreDNS): UDP and TCP on one port,
 * answering mesh names from the table and forwarding the rest (UDP queries over UDP, TCP over TCP).
 * No packet, however broken, stops it. `start()` binds; the constructor does nothing.
 */
export class DnsServer {
  private readonly options: DnsServerOptions;
  private udp: UdpSocket | undefined;
  private tcp: TcpServer | undefined;
  private readonly connections = new Set<Socket>();
  private _port: number | undefined;

  constructor(options: DnsServerOptions) {
    this.options = options;
  }

  /** Binds UDP, then TCP on the same port; resolves to the port. Rejects with {@link DnsListenError} (releasing both) when either fails. */
  async start(): Promise<number> {
    const host = this.options.host ?? '127.0.0.1';
    const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    this.udp = udp;
    udp.on('message', (packet, from) => this.onUdp(packet, from.address, from.port));
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind({ address: host, port: this.options.port }, () => {
          udp.off('error', reject);
          resolve();
        });
      });
      udp.on('error', (error) => this.options.logger.warn({ err: error }, 'DNS UDP socket error'));
      const port = udp.address().port;
      const tcp = createServer((socket) => this.onTcp(socket));
      this.tcp = tcp;
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen({ host, port }, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      this._port = port;
    } catch (error) {
      await this.stop();
      const reason = error instanceof Error ? error.message : String(error);
      throw new DnsListenError(`the DNS resolver cannot listen on ${host}:${this.options.port}: ${reason}`, { cause: error });
    }
    this.options.logger.info({ host, port: this._port, upstream: this.options.upstream }, 'DNS resolver listening (UDP and TCP)');
    return this._port;
  }

  /** The bound port; `undefined` before `start()`. */
  get port(): number | undefined {
    return this._port;
  }

  async stop(): Promise<void> {
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = undefined;
    this.tcp = undefined;
    for (const socket of this.connections) socket.destroy();
    await Promise.all([
      udp === undefined ? undefined : new Promise<void>((resolve) => udp.close(() => resolve())).catch(() => undefined),
      tcp?.listening === true ? new Promise<void>((resolve) => tcp.close(() => resolve())) : undefined,
    ]);
  }

  private onUdp(packet: Buffer, address: string, port: number): void {
    const { upstream, forwardTimeoutMs = 2_000 } = this.options;
    void handleDnsPacket(packet, { table: this.options.table, forward: (query) => forwardDnsUdp(query, upstream, forwardTimeoutMs) }).then(
      ({ reply, outcome }) => {
        this.options.onQuery?.(outcome, 'udp');
        if (reply !== undefined) this.udp?.send(reply, port, address);
      },
    );
  }

  private onTcp(socket: Socket): void {
    const { upstream, forwardTimeoutMs = 2_000 } = this.options;
    this.connections.add(socket);
    const framer = new DnsTcpFramer();
    socket.setTimeout(this.options.tcpIdleTimeoutMs ?? 10_000, () => socket.destroy());
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'DNS TCP connection error'));
    socket.on('data', (chunk: Buffer) => {
      for (const packet of framer.push(chunk)) {
        void handleDnsPacket(packet, {
          table: this.options.table,
          forward: (query) => forwardDnsTcp(query, upstream, forwardTimeoutMs),
        }).then(({ reply, outcome }) => {
          this.options.onQuery?.(outcome, 'tcp');
          if (reply === undefined)
            socket.destroy(); // a stream that sends garbage is not worth reading further
          else if (!socket.destroyed) socket.write(DnsTcpFramer.frame(reply));
        });
      }
    });
  }
}
