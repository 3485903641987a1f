import assert from 'node:assert/strict';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { decodeDataplane, decodeMesh } from '@kumiko/api';
import { createControlPlaneCertificate } from '@kumiko/pki';
import { createMeshView, TypeUrls } from '@kumiko/xds';
import { XdsTestClient } from '@kumiko/xds/test-support';
import { ZoneXdsService } from '../xds/zone-xds-service.js';
import { dpHttpRoutes } from './dp-http-routes.js';
import { DpServer } from './dp-server.js';

const logger = pino({ level: 'silent' });

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function post(port: number, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: 'localhost', port, path: '/bootstrap', method: 'POST', ca, headers: { accept: 'application/json' } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end('{"mesh":"default"}');
  });
}

describe('DpServer over TLS: /bootstrap (HTTP/1.1) and ADS (h2) share the port', () => {
  let server: DpServer;
  let xds: ZoneXdsService;
  let port: number;
  let ca: string;

  before(async () => {
    const cert = await createControlPlaneCertificate({ dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    ca = cert.certPem;
    const view = createMeshView({
      zone: 'zone-1',
      meshes: [must(decodeMesh({ type: 'Mesh', name: 'default' }))],
      dataplanes: [
        must(
          decodeDataplane({
            type: 'Dataplane',
            mesh: 'default',
            name: 'web-1',
            networking: { address: '127.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
          }),
        ),
      ],
    });
    xds = new ZoneXdsService({ current: () => view, onView: () => () => undefined }, { logger });
    server = new DpServer({
      grpc: xds.attach(),
      http: dpHttpRoutes({
        bootstrap: () => Promise.resolve({ status: 200, contentType: 'application/json', body: '{"node":{}}' }),
        dnsTable: () => undefined,
        isReady: () => true,
        logger,
      }),
      logger,
      tls: cert,
    });
    port = await server.listen({ host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    await xds.stop();
    await server.close();
  });

  it('given the CP certificate as CA, then POST /bootstrap over HTTPS answers', async () => {
    const reply = await post(port, ca);
    assert.equal(reply.status, 200);
    assert.equal(reply.body, '{"node":{}}');
  });

  it('given another CA, then the TLS handshake fails verification', async () => {
    const other = await createControlPlaneCertificate({ dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    await assert.rejects(post(port, other.certPem), (error: NodeJS.ErrnoException) => {
      assert.match(String(error.code), /SELF_SIGNED|UNABLE_TO_VERIFY/, String(error.code));
      return true;
    });
  });

  it('given a client offering h2, then ALPN selects h2; offering http/1.1 only, http/1.1', async () => {
    const negotiate = (protocols: string[]): Promise<string | false> =>
      new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost', ALPNProtocols: protocols }, () => {
          resolve(socket.alpnProtocol ?? false);
          socket.destroy();
        });
        socket.on('error', reject);
      });
    assert.equal(await negotiate(['h2', 'http/1.1']), 'h2');
    assert.equal(await negotiate(['http/1.1']), 'http/1.1');
  });

  it('given a plaintext HTTP request, then the connection is refused by the TLS layer', async () => {
    await assert.rejects(fetch(`http://127.0.0.1:${port}/bootstrap`, { method: 'POST', body: '{}' }));
  });

  it('given a gRPC ADS client trusting the CA, then it gets its snapshot over TLS', async () => {
    const client = new XdsTestClient(`localhost:${port}`, { caPem: ca });
    try {
      const stream = client.sotw('default.web-1');
      stream.request(TypeUrls.Cluster, []);
      const response = await stream.next(5_000);
      assert.equal(response.type_url, TypeUrls.Cluster);
      assert.ok((response.resources ?? []).length > 0);
      stream.cancel();
    } finally {
      client.close();
    }
  });
});
