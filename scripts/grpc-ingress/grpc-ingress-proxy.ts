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
import type { Socket } from 'node:net';
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
 * The plaintext data path of the ingress stand-in, for meshes without mTLS (whose gRPC carries no SNI):
 * an h2c server on connections handed to it, forwarding each gRPC stream to an endpoint of the service
 * its `:authority` names (see {@link IngressRoutes.clusterFor}), weighted round robin, over one reused
 * HTTP/2 session per endpoint — headers, both bodies with backpressure, and trailers. No route or a
 * failed upstream → a trailers-only gRPC UNAVAILABLE.
 */
export class GrpcIngressProxy {
  private readonly routes: () => IngressRoutes;
  private readonly sessions = new Map<string, ClientHttp2Session>();
  private readonly downstream = new Set<ServerHttp2Session>();
  private readonly server: Http2Server;
  private readonly pick: (key: string, endpoints: readonly IngressEndpoint[]) => IngressEndpoint | undefined;

  constructor(routes: () => IngressRoutes, pick: (key: string, endpoints: readonly IngressEndpoint[]) => IngressEndpoint | undefined) {
    this.routes = routes;
    this.pick = pick;
    this.server = createServer();
    this.server.on('stream', (stream, headers) => this.forward(stream, headers));
    this.server.on('session', (session) => {
      this.downstream.add(session);
      session.once('close', () => this.downstream.delete(session));
    });
  }

  /** Serves h2c on `socket`, whose first bytes may have been read already and put back (`unshift`). */
  accept(socket: Socket): void {
    this.server.emit('connection', socket);
  }

  /** Ends every connection, both ways. */
  close(): void {
    for (const session of this.downstream) session.destroy();
    this.downstream.clear();
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
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
    { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '14', 'grpc-message': grpcMessage(message) },
    { endStream: true },
  );
}

/** gRPC's percent-encoding of `grpc-message`: printable ASCII other than `%` as it is, every other UTF-8 byte as `%XX`. */
function grpcMessage(message: string): string {
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
