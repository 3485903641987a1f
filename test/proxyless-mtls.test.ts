/**
 * Proxyless gRPC identity with a real, independent xDS client (@grpc/grpc-js-xds, gRFC A29): a zone's xDS server
 * (real NATS) serves an mTLS mesh's clusters with the certificate-provider TLS context gRPC accepts; the client's
 * bootstrap points the `file_watcher` provider at its identity certificate, key and the mesh CA. The client reaches
 * a backend that requires a mesh client certificate, refuses a backend whose certificate names another service,
 * and a client holding a certificate from another mesh's CA is refused by the backend.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, credentials, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { register, XdsChannelCredentials, XdsServer, XdsServerCredentials } from '@grpc/grpc-js-xds';
import type { NatsConnection } from 'nats';
import { pino } from 'pino';
import { decodeDataplane, decodeMesh, type Dataplane } from '@kumiko/api';
import { connectNats, ensureStream, publishToStream } from '@kumiko/bus';
import { encodeGlobalViewEntry, globalStream, globalSubject, SubjectKinds, zonesStream } from '@kumiko/events';
import { createBuiltinCa, issueIdentityCertificate, loadCa, type CertificateAuthority } from '@kumiko/pki';
import { freePort, startNats, waitFor, type NatsServer } from '@kumiko/testing';
import { PROXYLESS_IDENTITY_METADATA, PROXYLESS_IDENTITY_PROVIDER } from '@kumiko/xds';
import { greeterService, sayHello, startGreeterBackend, type GreeterBackend } from '@kumiko/xds/test-support';
import { GlobalReplica, ZoneMeshViewBuilder, ZoneResourceStore, ZoneXdsService } from '@kumiko/zone-cp';

register();

const MESH = 'secure';
const logger = pino({ level: 'silent' });

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function backendDataplane(service: string, backend: GreeterBackend): Dataplane {
  return must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: MESH,
      name: `${service}-1`,
      networking: {
        address: '127.0.0.1',
        inbound: [{ port: backend.port, tags: { 'kuma.io/service': service, 'kuma.io/protocol': 'grpc' } }],
      },
    }),
  );
}

async function identityFiles(dir: string, ca: CertificateAuthority, service: string): Promise<{ cert: string; key: string; ca: string }> {
  const issued = await issueIdentityCertificate({ ca, mesh: MESH, backend: 'ca-1', tagSets: [{ 'kuma.io/service': service }] });
  const files = { cert: join(dir, `${service}.crt`), key: join(dir, `${service}.key`), ca: join(dir, `${service}-ca.crt`) };
  writeFileSync(files.cert, issued.certPem);
  writeFileSync(files.key, issued.keyPem);
  writeFileSync(files.ca, ca.chainPem);
  return files;
}

/** The error of a call once the client has its configuration and the call is refused (retried until then). */
function refusal(client: Client): Promise<Error> {
  return waitFor(
    'the call refused',
    () =>
      sayHello(client).then(
        () => undefined,
        (failure: unknown) => (/Failed to connect|subject alternative name/.test(String(failure)) ? (failure as Error) : undefined),
      ),
    { timeoutMs: 15_000 },
  );
}

describe('proxyless gRPC mTLS: certificate providers (gRFC A29) with grpc-js-xds', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let store: ZoneResourceStore;
  let replica: GlobalReplica;
  let views: ZoneMeshViewBuilder;
  let xds: ZoneXdsService;
  let xdsPort: number;
  let dir: string;
  let meshCa: CertificateAuthority;
  const backends: GreeterBackend[] = [];
  const servers: XdsServer[] = [];
  const clients: Client[] = [];

  /** A backend requiring a client certificate from the mesh CA, presenting an identity of `identity`. */
  async function mtlsBackend(name: string, identity: string): Promise<GreeterBackend> {
    const files = await identityFiles(dir, meshCa, identity);
    const credentials = ServerCredentials.createSsl(
      readFileSync(files.ca),
      [{ private_key: readFileSync(files.key), cert_chain: readFileSync(files.cert) }],
      true,
    );
    const backend = await startGreeterBackend(name, credentials);
    backends.push(backend);
    return backend;
  }

  /** The gRPC bootstrap kumiko-dp writes for a proxyless app of `node` holding the identity in `files`. */
  function bootstrapOf(node: string, files: { cert: string; key: string; ca: string }) {
    return {
      xds_servers: [{ server_uri: `127.0.0.1:${xdsPort}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      // as kumiko-dp's bootstrap says it: this client holds the mesh identity
      node: { id: node, locality: {}, metadata: { [PROXYLESS_IDENTITY_METADATA]: PROXYLESS_IDENTITY_PROVIDER } },
      certificate_providers: {
        [PROXYLESS_IDENTITY_PROVIDER]: {
          plugin_name: 'file_watcher',
          config: { certificate_file: files.cert, private_key_file: files.key, ca_certificate_file: files.ca, refresh_interval: '1s' },
        },
      },
      // an XdsServer's listener is named by its address (gRFC A36)
      server_listener_resource_name_template: '%s',
    };
  }

  /** A proxyless client of `node` whose bootstrap's certificate provider holds `files`. */
  function client(target: string, node: string, files: { cert: string; key: string; ca: string }): Client {
    const made = new Client(target, new XdsChannelCredentials(credentials.createInsecure()), {
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': JSON.stringify(bootstrapOf(node, files)),
    });
    clients.push(made);
    return made;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kumiko-proxyless-mtls-'));
    const ca = await createBuiltinCa({ mesh: MESH });
    meshCa = await loadCa(ca.certPem, ca.keyPem);
    nats = await startNats();
    nc = await connectNats({ servers: nats.url, name: 'proxyless-mtls-test', logger });
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, zonesStream());
    await ensureStream(jsm, globalStream());
    const mesh = must(
      decodeMesh({ type: 'Mesh', name: MESH, mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } }),
    );
    const entry = { kind: SubjectKinds.Mesh, name: MESH, resource: mesh, outboxId: 'mesh-secure', time: new Date().toISOString() } as const;
    await publishToStream(
      nc.jetstream(),
      globalSubject({ kind: SubjectKinds.Mesh, mesh: undefined, name: MESH }),
      encodeGlobalViewEntry(entry),
      {
        msgId: entry.outboxId,
      },
    );
    store = new ZoneResourceStore(nc.jetstream(), { zone: 'zone-1', stream: 'ZONES', logger });
    replica = new GlobalReplica(nc.jetstream(), { stream: 'GLOBAL', logger });
    await store.start();
    await replica.start();
    await waitFor('the mesh in the replica', () => replica.get(SubjectKinds.Mesh, MESH));
    await store.upsert(backendDataplane('backend', await mtlsBackend('A', 'backend')));
    await store.upsert(backendDataplane('imposter', await mtlsBackend('I', 'other')));
    views = new ZoneMeshViewBuilder(store, replica, { zone: 'zone-1', debounceMs: 20 });
    views.start();
    xds = new ZoneXdsService(views, { logger });
    xdsPort = await xds.start({ host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    for (const made of clients) made.close();
    for (const server of servers) server.forceShutdown();
    await xds?.stop();
    views?.stop();
    await store?.stop();
    await replica?.stop();
    await nc?.drain();
    await Promise.all(backends.map(({ server }) => server.forceShutdown()));
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a client with the mesh identity, then it calls a backend that requires mesh mTLS', async () => {
    const web = client('xds:///backend', `${MESH}.web-1`, await identityFiles(dir, meshCa, 'web'));
    assert.equal(await waitFor('a reply over mTLS', () => sayHello(web).catch(() => undefined), { timeoutMs: 15_000 }), 'A');
  });

  it('given a backend whose certificate names another service, then the client refuses it (SAN check)', async () => {
    const web = client('xds:///imposter', `${MESH}.web-2`, await identityFiles(dir, meshCa, 'web'));
    const error = await refusal(web);
    assert.match(String(error), /UNAVAILABLE|certificate|altname|SAN/i);
  });

  it('given a client holding a certificate from another mesh’s CA, then the backend refuses it', async () => {
    // a CA of the same name but another key: its certificates do not chain to the mesh CA
    const other = await createBuiltinCa({ mesh: MESH });
    const otherCa = await loadCa(other.certPem, other.keyPem);
    const files = await identityFiles(dir, otherCa, 'web');
    // it trusts the real mesh CA, so only the backend's check can refuse it
    writeFileSync(files.ca, meshCa.chainPem);
    const stranger = client('xds:///backend', `${MESH}.web-3`, files);
    const error = await refusal(stranger);
    // the backend ends the handshake: the client sees its connection refused, not a SAN or config problem
    assert.match(String(error), /UNAVAILABLE.*Failed to connect/);
  });

  it('given an XdsServer holding the mesh identity, then its listener comes from the zone with mTLS: mesh clients get in and see each other’s SPIFFE ID', async () => {
    const port = await freePort();
    await store.upsert(
      must(
        decodeDataplane({
          type: 'Dataplane',
          mesh: MESH,
          name: 'greeter-1',
          networking: { address: '127.0.0.1', inbound: [{ port, tags: { 'kuma.io/service': 'greeter', 'kuma.io/protocol': 'grpc' } }] },
        }),
      ),
    );
    const server = new XdsServer({
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': JSON.stringify(
        bootstrapOf(`${MESH}.greeter-1`, await identityFiles(dir, meshCa, 'greeter')),
      ),
    });
    servers.push(server);
    server.addService(greeterService, {
      SayHello: (call: ServerUnaryCall<string, string>, callback: sendUnaryData<string>) =>
        callback(null, `G to ${call.getAuthContext().sslPeerCertificate?.subjectaltname ?? 'plaintext'}`),
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, new XdsServerCredentials(ServerCredentials.createInsecure()), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    const web = client('xds:///greeter', `${MESH}.web-4`, await identityFiles(dir, meshCa, 'web'));
    const reply = await waitFor('a reply from the XdsServer', () => sayHello(web).catch(() => undefined), { timeoutMs: 20_000 });
    assert.equal(reply, 'G to URI:spiffe://secure/web, URI:kuma://kuma.io/service/web');

    const other = await createBuiltinCa({ mesh: MESH });
    const files = await identityFiles(dir, await loadCa(other.certPem, other.keyPem), 'web');
    writeFileSync(files.ca, meshCa.chainPem);
    const stranger = client('xds:///greeter', `${MESH}.web-5`, files);
    assert.match(String(await refusal(stranger)), /UNAVAILABLE.*Failed to connect/);
  });
});
