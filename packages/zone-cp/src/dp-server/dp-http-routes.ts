import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { DpHttpHandler } from './dp-server.js';

/** Largest request body accepted (a bootstrap request carries one rendered resource). */
const MAX_BODY_BYTES = 1024 * 1024;

export interface DpHttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A mesh's DNS table as `GET /dns` serves it. */
export interface DnsTable {
  readonly ttl: number;
  readonly records: readonly { readonly name: string; readonly ips: readonly string[] }[];
  /** Content hash: equal tables have equal etags. */
  readonly etag: string;
}

export interface DpHttpRoutesOptions {
  /** `POST /bootstrap`. */
  readonly bootstrap: (request: {
    readonly body: string;
    readonly accept: string | undefined;
    readonly host: string | undefined;
  }) => Promise<DpHttpReply>;
  /** `GET /dns?mesh=<mesh>`; `undefined` for a mesh without a table (unknown mesh). */
  readonly dnsTable: (mesh: string) => DnsTable | undefined;
  /** Why a `GET /dns` of `mesh` with this `authorization` header is refused (401), or undefined to serve it. Default: never. */
  readonly dnsRefusal?: (mesh: string, authorization: string | undefined) => Promise<string | undefined>;
  /** Whether the CP has its state (before that: 503). */
  readonly isReady: () => boolean;
  readonly logger: Logger;
}

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly code = 'BODY_TOO_LARGE';
}

/**
 * The HTTP/1.1 side of the DP server: `POST /bootstrap` (Kuma's bootstrap endpoint) and `GET /dns`
 * (the DNS table kumiko-dp's resolver serves: `{ttl, records: [{name, ips}]}` with an ETag;
 * `If-None-Match` → 304). Errors are plain text, as Kuma's bootstrap handler answers.
 */
export function dpHttpRoutes(options: DpHttpRoutesOptions): DpHttpHandler {
  return (request, response) => {
    route(options, request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError)
        return send(response, { status: 413, contentType: 'text/plain', body: 'request body too large' });
      options.logger.error({ err: error, url: request.url }, 'DP server request failed');
      if (!response.headersSent) send(response, { status: 500, contentType: 'text/plain', body: 'internal error' });
      else response.destroy();
    });
  };
}

async function route(options: DpHttpRoutesOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://dp-server');
  if (url.pathname === '/bootstrap') {
    if (request.method !== 'POST')
      return send(response, { status: 405, contentType: 'text/plain', body: 'method not allowed' }, { allow: 'POST' });
    const body = await readBody(request);
    if (!options.isReady()) return send(response, { status: 503, contentType: 'text/plain', body: 'control plane is starting' });
    return send(response, await options.bootstrap({ body, accept: request.headers.accept, host: request.headers.host }));
  }
  if (url.pathname === '/dns') {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, { status: 405, contentType: 'text/plain', body: 'method not allowed' }, { allow: 'GET' });
    const mesh = url.searchParams.get('mesh');
    if (mesh === null || mesh === '')
      return send(response, { status: 400, contentType: 'text/plain', body: 'query parameter "mesh" is required' });
    if (!options.isReady()) return send(response, { status: 503, contentType: 'text/plain', body: 'control plane is starting' });
    const refused = await options.dnsRefusal?.(mesh, request.headers.authorization);
    if (refused !== undefined) return send(response, { status: 401, contentType: 'text/plain', body: `authentication failed: ${refused}` });
    const table = options.dnsTable(mesh);
    if (table === undefined) return send(response, { status: 404, contentType: 'text/plain', body: `mesh "${mesh}" not found` });
    const etag = `"${table.etag}"`;
    if (request.headers['if-none-match'] === etag)
      return send(response, { status: 304, contentType: 'application/json', body: '' }, { etag });
    return send(
      response,
      { status: 200, contentType: 'application/json', body: JSON.stringify({ ttl: table.ttl, records: table.records }) },
      { etag },
    );
  }
  send(response, { status: 404, contentType: 'text/plain', body: 'not found' });
}

function send(response: ServerResponse, reply: DpHttpReply, headers: Record<string, string> = {}): void {
  response.writeHead(reply.status, { 'content-type': reply.contentType, ...headers });
  response.end(reply.status === 304 ? undefined : reply.body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
