import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
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
  /** When set, every connection is TLS with this certificate; otherwise plaintext. */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
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
 * back, to the gRPC server or to the HTTP server. With `tls`, as in Kuma, the connection is TLS first
 * (TLS 1.2 or later, ALPN `h2` and `http/1.1`) and the decrypted stream is classified the same way;
 * without it, plaintext.
 */
export class DpServer {
  private readonly options: DpServerOptions;
  private readonly http: HttpServer;
  private readonly sockets = new Set<Socket>();
  private readonly secureContext: SecureContext | undefined;
  private net: NetServer | undefined;
  private _port: number | undefined;

  constructor(options: DpServerOptions) {
    this.options = options;
    this.secureContext =
      options.tls === undefined
        ? undefined
        : createSecureContext({ cert: options.tls.certPem, key: options.tls.keyPem, minVersion: 'TLSv1.2' });
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
    this.options.logger.info({ host, port: this._port, tls: this.secureContext !== undefined }, 'DP server listening (bootstrap and ADS)');
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

  private accept(raw: Socket): void {
    this.sockets.add(raw);
    raw.once('close', () => this.sockets.delete(raw));
    raw.on('error', (error) => this.options.logger.debug({ err: error }, 'DP server connection error'));
    if (this.secureContext === undefined) {
      this.classify(raw);
      return;
    }
    const socket = new TLSSocket(raw, {
      isServer: true,
      secureContext: this.secureContext,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    socket.on('error', (error) => {
      this.options.logger.debug({ err: error }, 'DP server TLS connection error');
      raw.destroy();
    });
    socket.once('close', () => raw.destroy());
    this.classify(socket);
  }

  private classify(socket: Socket): void {
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
      if (socket instanceof TLSSocket) {
        // Node's HTTP server reads a TLS socket's native handle directly and would miss the pushed-back bytes.
        this.http.emit('connection', replayedConnection(socket, head));
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
