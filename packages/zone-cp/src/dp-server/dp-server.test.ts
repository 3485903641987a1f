import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { decodeDataplane, decodeMesh, type Dataplane } from '@kumiko/api';
import { createMeshView, TypeUrls, type MeshView } from '@kumiko/xds';
import { XdsTestClient } from '@kumiko/xds/test-support';
import { ZoneXdsService } from '../xds/zone-xds-service.js';
import { dpHttpRoutes, type DnsTable } from './dp-http-routes.js';
import { DpServer } from './dp-server.js';

const logger = pino({ level: 'silent' });

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const dataplane: Dataplane = must(
  decodeDataplane({
    type: 'Dataplane',
    mesh: 'default',
    name: 'web-1',
    networking: { address: '127.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1' } }] },
  }),
);
const view: MeshView = createMeshView({
  zone: 'zone-1',
  meshes: [must(decodeMesh({ type: 'Mesh', name: 'default' }))],
  dataplanes: [dataplane],
});
const table: DnsTable = { ttl: 30, records: [{ name: 'web.mesh', ips: ['240.0.0.7'] }], etag: 'abc' };

describe('DpServer: /bootstrap, /dns and ADS on one port', () => {
  let server: DpServer;
  let xds: ZoneXdsService;
  let base: string;
  let port: number;
  const bootstrapBodies: string[] = [];
  const opened: string[] = [];

  before(async () => {
    xds = new ZoneXdsService(
      { current: () => view, onView: () => () => undefined },
      { logger, observers: [{ streamOpened: ({ nodeId }) => opened.push(nodeId) }] },
    );
    server = new DpServer({
      grpc: xds.attach(),
      http: dpHttpRoutes({
        bootstrap: ({ body, accept }) => {
          bootstrapBodies.push(body);
          return Promise.resolve({
            status: 200,
            contentType: accept === 'application/json' ? 'application/json' : 'text/x-yaml',
            body: 'node: {}',
          });
        },
        dnsTable: (mesh) => (mesh === 'default' ? table : undefined),
        isReady: () => true,
        logger,
      }),
      logger,
    });
    port = await server.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await xds.stop();
    await server.close();
  });

  it('given a bootstrap request over HTTP/1.1, then the bootstrap handler answers it', async () => {
    const response = await fetch(`${base}/bootstrap`, {
      method: 'POST',
      body: '{"mesh":"default"}',
      headers: { accept: 'application/json' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.deepEqual(bootstrapBodies, ['{"mesh":"default"}']);
  });

  it('given GET /dns, then the table is served with an ETag, and If-None-Match answers 304', async () => {
    const first = await fetch(`${base}/dns?mesh=default`);
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { ttl: 30, records: [{ name: 'web.mesh', ips: ['240.0.0.7'] }] });
    const etag = first.headers.get('etag') ?? '';
    const second = await fetch(`${base}/dns?mesh=default`, { headers: { 'if-none-match': etag } });
    assert.equal(second.status, 304);
  });

  it('given GET /dns for an unknown mesh or without one, then 404 and 400', async () => {
    assert.equal((await fetch(`${base}/dns?mesh=nope`)).status, 404);
    assert.equal((await fetch(`${base}/dns`)).status, 400);
    assert.equal((await fetch(`${base}/other`)).status, 404);
    assert.equal((await fetch(`${base}/bootstrap`)).status, 405);
  });

  it('given an ADS client on the same port, then it gets its snapshot', async () => {
    const client = new XdsTestClient(`127.0.0.1:${port}`);
    try {
      const stream = client.sotw('default.web-1');
      stream.request(TypeUrls.Cluster, []);
      const response = await stream.next(5_000);
      assert.equal(response.type_url, TypeUrls.Cluster);
      assert.ok((response.resources ?? []).length > 0);
      assert.deepEqual(opened, ['default.web-1']);
      stream.cancel();
    } finally {
      client.close();
    }
  });

  it('given a connection that sends garbage, then it gets an HTTP 400 and the server keeps serving', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('\x00\x01garbage\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    assert.equal((await fetch(`${base}/dns?mesh=default`)).status, 200);
  });
});
