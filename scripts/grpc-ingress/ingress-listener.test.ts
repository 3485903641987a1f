import assert from 'node:assert/strict';
import { connect as tcpConnect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect, createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { createBuiltinCa, issueIdentityCertificate, loadCa } from '@kumiko/pki';
import { IngressListener } from './ingress-listener.js';
import { IngressRoutes, type IngressEndpoint, type IngressFilterChain } from './ingress-routes.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';

interface Backend {
  readonly name: string;
  readonly port: number;
  readonly server: TlsServer;
  /** The SNI each accepted TLS connection asked for. */
  readonly seen: unknown[];
}

/** A TLS server that answers every line with its name and the SNI it received. */
async function tlsBackend(name: string, cert: { certPem: string; keyPem: string }): Promise<Backend> {
  const seen: unknown[] = [];
  const server = createTlsServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => {
    seen.push(socket.servername);
    socket.on('data', () => socket.end(`${name} ${String(socket.servername)}`));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { name, port: typeof address === 'object' && address !== null ? address.port : 0, server, seen };
}

/** One TLS exchange through the ingress: the backend's answer, or the error that ended the connection. */
function exchange(port: number, servername: string | undefined, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      ca,
      ...(servername === undefined ? {} : { servername }),
      checkServerIdentity: () => undefined,
    });
    let answer = '';
    socket.on('secureConnect', () => socket.write('hello\n'));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => (answer === '' ? reject(new Error('closed without an answer')) : resolve(answer)));
  });
}

const chain = (serverNames: string[], cluster: string | undefined, metadataMatch: Record<string, string> = {}): IngressFilterChain => ({
  serverNames,
  transportProtocol: 'tls',
  cluster,
  metadataMatch,
});

describe('IngressListener: TLS passthrough by SNI', () => {
  let caPem: string;
  const backends: Backend[] = [];
  let listener: IngressListener;
  let port: number;
  let routes: IngressRoutes;
  const logs: string[] = [];
  const plaintext: Buffer[] = [];

  before(async () => {
    const created = await createBuiltinCa({ mesh: 'secure' });
    caPem = created.certPem;
    const ca = await loadCa(created.certPem, created.keyPem);
    const cert = await issueIdentityCertificate({ ca, mesh: 'secure', backend: 'ca-1', tagSets: [{ 'kuma.io/service': 'backend' }] });
    for (const name of ['v1', 'v2']) backends.push(await tlsBackend(name, cert));
    const endpoint = (backend: Backend, version: string): IngressEndpoint => ({
      address: '127.0.0.1',
      port: backend.port,
      weight: 1,
      tags: { version },
    });
    routes = new IngressRoutes(
      ['secure:backend'],
      new Map([['secure:backend', [endpoint(backends[0] as Backend, 'v1'), endpoint(backends[1] as Backend, 'v2')]]]),
      [
        chain(['backend{mesh=secure}'], 'secure:backend'),
        chain(['backend{mesh=secure,version=v2}'], 'secure:backend', { version: 'v2' }),
        chain(['backend{mesh=secure,version=v9}'], 'secure:backend', { version: 'v9' }),
        chain(['backend', 'backend.mesh'], 'secure:backend'),
        chain(['*.wild.example'], 'secure:backend', { version: 'v1' }),
      ],
    );
    listener = new IngressListener({
      routes: () => routes,
      balancer: new WeightedRoundRobin(),
      plaintext: (socket: Socket) => {
        socket.once('data', (chunk: Buffer) => {
          plaintext.push(chunk);
          socket.end('plaintext path');
        });
        socket.resume();
      },
      log: (message) => logs.push(message),
      helloTimeoutMs: 500,
    });
    port = await listener.listen('127.0.0.1', 0);
  });

  after(async () => {
    await listener?.close();
    for (const backend of backends) backend.server.close();
  });

  it('given Kuma’s SNI, then the TLS session reaches the cluster’s endpoints, round robin, with the SNI intact (TLS not terminated)', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await exchange(port, 'backend{mesh=secure}', caPem));
    assert.deepEqual(answers.sort(), [
      'v1 backend{mesh=secure}',
      'v1 backend{mesh=secure}',
      'v2 backend{mesh=secure}',
      'v2 backend{mesh=secure}',
    ]);
  });

  it('given an SNI of a tag subset, then only that subset’s endpoints; a subset with no endpoint falls back to all', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal(await exchange(port, 'backend{mesh=secure,version=v2}', caPem), 'v2 backend{mesh=secure,version=v2}');
    const fallback = new Set<string>();
    for (let i = 0; i < 4; i++) fallback.add(await exchange(port, 'backend{mesh=secure,version=v9}', caPem));
    assert.equal(fallback.size, 2);
  });

  it('given the bare service name a proxyless client sends (any case), or a name under a wildcard, then it routes too, the SNI passed on as sent', async () => {
    assert.match(await exchange(port, 'backend', caPem), /^v[12] backend$/);
    assert.match(await exchange(port, 'Backend.MESH', caPem), /^v[12] Backend\.MESH$/);
    assert.equal(await exchange(port, 'a.b.wild.example', caPem), 'v1 a.b.wild.example');
  });

  it('given an unknown SNI or none, then the connection is closed before any backend sees it, and it is logged', async () => {
    const before = backends.reduce((n, b) => n + b.seen.length, 0);
    await assert.rejects(exchange(port, 'unknown{mesh=secure}', caPem));
    await assert.rejects(exchange(port, undefined, caPem));
    assert.equal(
      backends.reduce((n, b) => n + b.seen.length, 0),
      before,
    );
    assert.ok(logs.some((line) => line.includes('no filter chain for SNI "unknown{mesh=secure}"')));
    assert.ok(logs.some((line) => line.includes('no filter chain for no SNI')));
  });

  it('given a chain without a cluster (nothing served here) or a cluster without endpoints, then the connection is closed', async () => {
    const saved = routes;
    routes = new IngressRoutes(['secure:empty'], new Map(), [chain(['empty{mesh=secure}'], 'secure:empty'), chain([], undefined)]);
    try {
      await assert.rejects(exchange(port, 'empty{mesh=secure}', caPem));
      await assert.rejects(exchange(port, 'other', caPem));
      assert.ok(logs.some((line) => line.includes('no endpoints of secure:empty')));
    } finally {
      routes = saved;
    }
  });

  it('given plaintext (not a TLS record), then the connection and its first bytes go to the plaintext path', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tcpConnect({ host: '127.0.0.1', port }, () => socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.equal(answer, 'plaintext path');
    assert.equal(plaintext[0]?.toString(), 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
  });

  it('given a malformed ClientHello or a silent client, then the connection is closed and logged', async () => {
    const closed = (payload: Buffer | undefined): Promise<void> =>
      new Promise((resolve) => {
        const socket = tcpConnect({ host: '127.0.0.1', port }, () => (payload === undefined ? undefined : socket.write(payload)));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      });
    await closed(Buffer.from([0x16, 3, 1, 0, 4, 2, 0, 0, 0]));
    await closed(undefined);
    assert.ok(logs.some((line) => line.includes('not a ClientHello')));
    assert.ok(logs.some((line) => line.includes('no ClientHello in time')));
  });
});

describe('IngressRoutes.chainFor: Envoy’s server_names order', () => {
  const routes = new IngressRoutes([], new Map(), [
    chain(['*.example.com'], 'wild'),
    chain(['*.b.example.com'], 'longer-wild'),
    chain(['a.b.example.com'], 'exact'),
    { ...chain(['plain'], 'raw'), transportProtocol: 'raw_buffer' },
    chain([], 'catch-all'),
  ]);
  const cases: [string | undefined, string | undefined][] = [
    ['a.b.example.com', 'exact'],
    ['x.b.example.com', 'longer-wild'],
    ['x.example.com', 'wild'],
    ['example.com', 'catch-all'],
    ['plain', 'catch-all'],
    [undefined, 'catch-all'],
  ];
  for (const [name, cluster] of cases) {
    it(`given SNI ${String(name)}, then chain ${String(cluster)}`, () => {
      assert.equal(routes.chainFor(name)?.cluster, cluster);
    });
  }
  it('given no catch-all chain, then an unknown name matches nothing', () => {
    assert.equal(new IngressRoutes([], new Map(), [chain(['x'], 'x')]).chainFor('y'), undefined);
  });
});
