import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the test CP received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface TestReply {
  readonly status: number;
  readonly contentType?: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

/** A bootstrap YAML with an admin section, as Kuma's bootstrap has. */
export function bootstrapYaml(adminPort: number): string {
  return `node:
  id: default.dp-1
  cluster: backend
admin:
  address:
    socket_address:
      address: 127.0.0.1
      port_value: ${adminPort}
dynamic_resources:
  ads_config:
    api_type: GRPC
`;
}

/** Kuma's JSON answer to `POST /bootstrap` with `Accept: application/json`. */
export function bootstrapReply(yaml: string): TestReply {
  return {
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({
      bootstrap: Buffer.from(yaml).toString('base64'),
      kumaSidecarConfiguration: { networking: { address: '127.0.0.1' }, metrics: { aggregate: [] } },
    }),
  };
}

/**
 * A real HTTP server standing in for the zone CP's DP server in tests: `POST /bootstrap` answers with
 * the next queued reply (the last one repeats), `GET /dns` serves `dnsTable` with an ETag (304 on a
 * matching `If-None-Match`) or `dnsReply` when set. Every request is recorded.
 */
export class TestControlPlane {
  readonly requests: ReceivedRequest[] = [];
  bootstrapReplies: TestReply[] = [];
  dnsTable: { ttl: number; records: { name: string; ips: string[] }[] } = { ttl: 30, records: [] };
  dnsReply: TestReply | undefined;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  bootstrapRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => r.url === '/bootstrap');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const received = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(received);
    const send = (reply: TestReply): void => {
      response.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain', ...reply.headers });
      response.end(reply.status === 304 ? undefined : reply.body);
    };
    if (request.method === 'POST' && request.url === '/bootstrap') {
      const reply = this.bootstrapReplies.length > 1 ? this.bootstrapReplies.shift() : this.bootstrapReplies[0];
      return send(reply ?? { status: 500, body: 'no reply configured' });
    }
    if (request.method === 'GET' && request.url?.startsWith('/dns?') === true) {
      if (this.dnsReply !== undefined) return send(this.dnsReply);
      const body = JSON.stringify(this.dnsTable);
      const etag = `"${Buffer.from(body).toString('base64url').slice(-16)}"`;
      if (request.headers['if-none-match'] === etag) return send({ status: 304, body: '', headers: { etag } });
      return send({ status: 200, contentType: 'application/json', body, headers: { etag } });
    }
    send({ status: 404, body: 'not found' });
  }
}
