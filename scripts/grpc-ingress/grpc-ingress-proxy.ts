import {
  connect,
  constants,
  createServer,
  type ClientHttp2Session,
  type Http2Server,
  type ServerHttp2Session,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { IngressEndpoint, IngressRoutes } from './ingress-routes.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

function forwardable(headers: IncomingHttpHeaders, keepPseudo: boolean): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || (name.startsWith(':') && !keepPseudo)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The data path of the gRPC zone ingress: an h2c server that forwards each gRPC stream to an endpoint
 * of the service its `:authority` names (see {@link IngressRoutes.clusterFor}), weighted round robin,
 * over one reused HTTP/2 session per endpoint — headers, both bodies with backpressure, and trailers.
 * No route or a failed upstream → a trailers-only gRPC UNAVAILABLE.
 */
export class GrpcIngressProxy {
  private readonly routes: () => IngressRoutes;
  private readonly sessions = new Map<string, ClientHttp2Session>();
  private readonly turns = new Map<string, number>();
  private readonly downstream = new Set<ServerHttp2Session>();
  private server: Http2Server | undefined;

  constructor(routes: () => IngressRoutes) {
    this.routes = routes;
  }

  async listen(host: string, port: number): Promise<number> {
    const server = createServer();
    server.on('stream', (stream, headers) => this.forward(stream, headers));
    server.on('session', (session) => {
      this.downstream.add(session);
      session.once('close', () => this.downstream.delete(session));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  /** Stops listening and ends every connection, both ways. */
  async close(): Promise<void> {
    for (const session of this.downstream) session.destroy();
    this.downstream.clear();
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forward(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    const authority = String(headers[':authority'] ?? '');
    const routes = this.routes();
    const cluster = routes.clusterFor(authority);
    const endpoint = cluster === undefined ? undefined : this.pick(cluster, routes.endpoints.get(cluster) ?? []);
    if (endpoint === undefined) {
      unavailable(stream, cluster === undefined ? `no service for authority "${authority}" at this ingress` : `no endpoints of ${cluster}`);
      return;
    }
    const upstream = this.session(endpoint).request(forwardable(headers, true));
    let trailers: OutgoingHttpHeaders = {};
    upstream.on('response', (response) => {
      const trailersOnly = response['grpc-status'] !== undefined;
      if (stream.destroyed) return;
      stream.respond(forwardable(response, false), trailersOnly ? { endStream: true } : { waitForTrailers: true });
      if (!trailersOnly) upstream.pipe(stream);
    });
    upstream.on('trailers', (received) => (trailers = forwardable(received, false)));
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    upstream.on('error', (error) => {
      if (!stream.headersSent) unavailable(stream, `upstream ${endpoint.address}:${endpoint.port}: ${error.message}`);
      else stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    });
    stream.on('close', () => {
      if (!upstream.closed) upstream.close(constants.NGHTTP2_CANCEL);
    });
    stream.pipe(upstream);
  }

  /** Smooth enough weighted round robin: each endpoint appears `weight` times in the cycle. */
  private pick(cluster: string, endpoints: readonly IngressEndpoint[]): IngressEndpoint | undefined {
    const cycle = endpoints.flatMap((e) => Array<IngressEndpoint>(Math.max(1, e.weight)).fill(e));
    if (cycle.length === 0) return undefined;
    const turn = this.turns.get(cluster) ?? 0;
    this.turns.set(cluster, turn + 1);
    return cycle[turn % cycle.length];
  }

  private session(endpoint: IngressEndpoint): ClientHttp2Session {
    const key = `${endpoint.address}:${endpoint.port}`;
    const existing = this.sessions.get(key);
    if (existing !== undefined && !existing.closed && !existing.destroyed) return existing;
    const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
    const session = connect(`http://${host}:${endpoint.port}`);
    session.on('error', () => this.sessions.delete(key));
    session.on('close', () => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    });
    this.sessions.set(key, session);
    return session;
  }
}

function unavailable(stream: ServerHttp2Stream, message: string): void {
  if (stream.destroyed || stream.headersSent) return;
  stream.respond(
    { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '14', 'grpc-message': encodeURIComponent(message) },
    { endStream: true },
  );
}
