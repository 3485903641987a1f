import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { readClientHello } from './client-hello.js';
import type { IngressRoutes } from './ingress-routes.js';
import type { WeightedRoundRobin } from './weighted-round-robin.js';

export interface IngressListenerOptions {
  /** The current config; read once per connection. */
  readonly routes: () => IngressRoutes;
  readonly balancer: WeightedRoundRobin;
  /** Where a connection that does not start with a TLS handshake goes (the plaintext h2c path). */
  readonly plaintext: (socket: Socket) => void;
  readonly log: (message: string) => void;
  /** How long a client may take to send its first bytes / ClientHello (Envoy's listener filter timeout). Default 15 s. */
  readonly helloTimeoutMs?: number;
}

/**
 * The ingress's listener, an L4 router as Envoy's TLS inspector + `tcp_proxy` filter chains make it:
 * it reads the first bytes of each connection; a TLS ClientHello is routed by its SNI to the filter
 * chain Envoy would pick ({@link IngressRoutes.chainFor}) and its bytes are piped, untouched, to an
 * endpoint of the chain's cluster (subset), weighted round robin. TLS is never terminated — the
 * ingress holds no key; the client and the backend authenticate each other through it. Anything that
 * is not TLS goes to `plaintext`. No matching chain, no endpoint, a malformed ClientHello or a
 * timeout: the connection is closed, and logged.
 */
export class IngressListener {
  private readonly options: IngressListenerOptions;
  private readonly connections = new Set<Socket>();
  private server: Server | undefined;

  constructor(options: IngressListenerOptions) {
    this.options = options;
  }

  /** Listens on `host:port` (0: a free port); resolves to the bound port. */
  async listen(host: string, port: number): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  /** Stops listening and ends every passthrough connection. */
  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    let received = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.setTimeout(this.options.helloTimeoutMs ?? 15_000, () => {
      this.options.log(`closing ${peer}: no ClientHello in time`);
      socket.destroy();
    });
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const hello = readClientHello(received);
      if (hello.kind === 'more') return;
      socket.off('data', onData);
      socket.pause();
      socket.setTimeout(0);
      if (hello.kind === 'not-tls') {
        socket.unshift(received);
        this.options.plaintext(socket);
      } else if (hello.kind === 'invalid') {
        this.options.log(`closing ${peer}: ${hello.reason}`);
        socket.destroy();
      } else {
        this.passThrough(socket, received, hello.serverName, peer);
      }
    };
    socket.on('data', onData);
  }

  private passThrough(socket: Socket, hello: Buffer, serverName: string | undefined, peer: string): void {
    const routes = this.options.routes();
    const chain = routes.chainFor(serverName);
    const sni = serverName === undefined ? 'no SNI' : `SNI "${serverName}"`;
    if (chain?.cluster === undefined) {
      this.options.log(`closing ${peer}: no filter chain for ${sni}`);
      socket.destroy();
      return;
    }
    const subset = Object.entries(chain.metadataMatch).map(([key, value]) => `${key}=${value}`);
    const endpoint = this.options.balancer.pick([chain.cluster, ...subset].join(','), routes.endpointsFor(chain));
    if (endpoint === undefined) {
      this.options.log(`closing ${peer}: no endpoints of ${chain.cluster} for ${sni}`);
      socket.destroy();
      return;
    }
    this.options.log(`${peer} ${sni} → ${chain.cluster} ${endpoint.address}:${endpoint.port}`);
    const upstream = connect({ host: endpoint.address, port: endpoint.port });
    this.connections.add(socket);
    socket.once('close', () => {
      this.connections.delete(socket);
      upstream.destroy();
    });
    upstream.once('close', () => socket.destroy());
    upstream.on('error', (error) => {
      this.options.log(`upstream ${endpoint.address}:${endpoint.port} of ${chain.cluster}: ${error.message}`);
      upstream.destroy();
    });
    upstream.write(hello);
    socket.pipe(upstream);
    upstream.pipe(socket);
    socket.resume();
  }
}
