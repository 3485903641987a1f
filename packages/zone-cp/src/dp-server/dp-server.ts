import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { replayedConnection } from './replayed-connection.js';

/** The client connection preface of HTTP/2 (RFC 9113 §3.4): gRPC over plaintext starts with it. */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** A connection that has not sent enough bytes to classify it within this time is closed. */
const SNIFF_TIMEOUT_MS = 10_000;

export type DpHttpHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface DpServerOptions {
  /** Where gRPC (HTTP/2 prior knowledge) connections go: the ADS server's injector. */
  readonly grpc: (connection: Duplex) => void;
  /** Serves every HTTP/1.x request (`POST /bootstrap`, `GET /dns`). */
  readonly http: DpHttpHandler;
  readonly logger: Logger;
}

export interface DpServerListen {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/**
 * Kuma's DP server: one port (`KUMA_DP_SERVER_PORT`, 5678) for both the bootstrap endpoint
 * (HTTP/1.1) and ADS (gRPC, HTTP/2). Each accepted connection is classified by its first bytes —
 * the HTTP/2 preface means gRPC, anything else is HTTP/1.x — and handed, with those bytes pushed
 * back, to the gRPC server or to the HTTP server. Plaintext (Kuma serves TLS here).
 */
export class DpServer {
  private readonly options: DpServerOptions;
  private readonly http: HttpServer;
  private readonly sockets = new Set<Socket>();
  private net: NetServer | undefined;
  private _port: number | undefined;

  constructor(options: DpServerOptions) {
    this.options = options;
    this.http = createHttpServer(options.http);
    this.http.keepAliveTimeout = 5_000;
  }

  /** Listens; resolves to the bound port. */
  async listen({ host, port }: DpServerListen): Promise<number> {
    // noDelay: without it Nagle and delayed ACKs hold back every small xDS push by ~40 ms.
    const net = createNetServer({ noDelay: true }, (socket) => this.accept(socket));
    this.net = net;
    await new Promise<void>((resolve, reject) => {
      net.once('error', reject);
      net.listen({ host, port }, () => {
        net.off('error', reject);
        resolve();
      });
    });
    this._port = (net.address() as AddressInfo).port;
    this.options.logger.info({ host, port: this._port }, 'DP server listening (bootstrap and ADS)');
    return this._port;
  }

  /** The bound port; `undefined` before `listen()`. */
  get port(): number | undefined {
    return this._port;
  }

  /** Stops accepting and closes every connection still open (ADS streams end with the gRPC server's own stop). */
  async close(): Promise<void> {
    const net = this.net;
    this.net = undefined;
    if (net === undefined) return;
    const closed = new Promise<void>((resolve) => net.close(() => resolve()));
    this.http.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'DP server connection error'));
    let head = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), SNIFF_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, HTTP2_PREFACE.length);
      const isH2 = head.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n));
      if (isH2 && head.length < HTTP2_PREFACE.length) return;
      clearTimeout(timer);
      socket.off('data', onData);
      if (isH2) {
        // grpc-js ends these connections when the ADS server stops; close() destroys them otherwise.
        this.options.grpc(replayedConnection(socket, head));
        return;
      }
      this.sockets.delete(socket);
      socket.pause();
      socket.unshift(head);
      this.http.emit('connection', socket);
      socket.resume();
    };
    socket.on('data', onData);
  }
}
