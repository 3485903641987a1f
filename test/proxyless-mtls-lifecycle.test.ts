/**
 * The mTLS lifecycle of a live mesh with real proxyless gRPC on both sides (@grpc/grpc-js-xds: an `XdsServer` with
 * `XdsServerCredentials`, a client with `XdsChannelCredentials`), served by a zone's xDS service over real NATS: the
 * mesh goes off → PERMISSIVE → STRICT (identity certificates rotating) → off through the GLOBAL stream while a client
 * keeps several calls in flight. The server answers with the SAN of its caller's certificate, so the test sees the
 * wire change. The apps' certificate files are kept fresh from the nodes' SDS Secrets, as kumiko-dp does.
 *
 * The contract (README, "mTLS modes"): the app sets `waitForReady` on its calls (with a deadline). In a flip between
 * plaintext and mTLS the server's listener and the client's cluster change in one push each, but not at the same
 * instant; a connection attempt in between fails its handshake and, without `waitForReady`, fails the calls queued
 * on it.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  Client,
  credentials,
  Metadata,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
  type ServiceError,
} from '@grpc/grpc-js';
import { register, XdsChannelCredentials, XdsServer, XdsServerCredentials } from '@grpc/grpc-js-xds';
import type { NatsConnection } from 'nats';
import { pino } from 'pino';
import { decodeDataplane, decodeMesh, secretData, type Dataplane, type Mesh } from '@kumiko/api';
import { connectNats, ensureStream, publishToStream } from '@kumiko/bus';
import { encodeGlobalViewEntry, globalStream, globalSubject, SubjectKinds, zonesStream, type GlobalViewEntry } from '@kumiko/events';
import { createBuiltinCa } from '@kumiko/pki';
import { freePort, startNats, waitFor, type NatsServer } from '@kumiko/testing';
import { PROXYLESS_IDENTITY_METADATA, PROXYLESS_IDENTITY_PROVIDER } from '@kumiko/xds';
import { greeterService, SAY_HELLO, SecretFileWriter, type IdentityFiles } from '@kumiko/xds/test-support';
import { GlobalReplica, MeshCaSource, ProxyIdentities, ZoneMeshViewBuilder, ZoneResourceStore, ZoneXdsService } from '@kumiko/zone-cp';

register();

const MESH = 'lifecycle';
/** Identity certificates live 15 s, so they are re-issued about every 13 s (4/5 of their life, plus the timer's slack). */
const CERT_LIFETIME = '15s';
const WORKERS = 4;
const logger = pino({ level: 'silent' });

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function meshIn(mode: 'off' | 'PERMISSIVE' | 'STRICT'): Mesh {
  const backend = { name: 'ca-1', type: 'builtin', dpCert: { rotation: { expiration: CERT_LIFETIME } } };
  return must(
    decodeMesh({
      type: 'Mesh',
      name: MESH,
      ...(mode === 'off' ? {} : { mtls: { enabledBackend: 'ca-1', backends: [{ ...backend, mode }] } }),
    }),
  );
}

function dataplane(name: string, service: string, port: number): Dataplane {
  return must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: MESH,
      name,
      networking: { address: '127.0.0.1', inbound: [{ port, tags: { 'kuma.io/service': service, 'kuma.io/protocol': 'grpc' } }] },
    }),
  );
}

/** One outcome of a call: the server's view of the caller, or the error. */
interface Outcome {
  readonly at: number;
  readonly phase: string;
  readonly reply?: string;
  readonly error?: string;
}

describe('proxyless gRPC through the mTLS lifecycle: off → PERMISSIVE → STRICT (rotating) → off', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let store: ZoneResourceStore;
  let replica: GlobalReplica;
  let views: ZoneMeshViewBuilder;
  let xds: ZoneXdsService;
  let dir: string;
  let server: XdsServer;
  let client: Client;
  const writers: SecretFileWriter[] = [];
  const outcomes: Outcome[] = [];
  let phase = 'off';
  let running = true;
  let load: Promise<void> | undefined;
  let sequence = 0;

  async function publish(entry: Omit<GlobalViewEntry, 'outboxId' | 'time'>): Promise<void> {
    const full = { ...entry, outboxId: `lifecycle-${++sequence}`, time: new Date().toISOString() } as GlobalViewEntry;
    await publishToStream(
      nc.jetstream(),
      globalSubject({ kind: full.kind, mesh: full.mesh, name: full.name }),
      encodeGlobalViewEntry(full),
      {
        msgId: full.outboxId,
      },
    );
  }

  /** The gRPC bootstrap kumiko-dp writes for a proxyless app of `node`, whose certificate files are `files`. */
  function bootstrap(node: string, files: IdentityFiles): string {
    return JSON.stringify({
      xds_servers: [{ server_uri: `127.0.0.1:${xds.port ?? 0}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: node, locality: {}, metadata: { [PROXYLESS_IDENTITY_METADATA]: PROXYLESS_IDENTITY_PROVIDER } },
      certificate_providers: {
        [PROXYLESS_IDENTITY_PROVIDER]: {
          plugin_name: 'file_watcher',
          config: { certificate_file: files.cert, private_key_file: files.key, ca_certificate_file: files.ca, refresh_interval: '1s' },
        },
      },
      server_listener_resource_name_template: '%s',
    });
  }

  /** One call as the contract says an app makes it: `waitForReady`, with a deadline. */
  function call(through = client): Promise<string> {
    const metadata = new Metadata();
    metadata.setOptions({ waitForReady: true });
    return new Promise((resolve, reject) =>
      through.makeUnaryRequest(
        SAY_HELLO,
        (text: string) => Buffer.from(text),
        (bytes: Buffer) => bytes.toString(),
        'hi',
        metadata,
        { deadline: Date.now() + 15_000 },
        (error: ServiceError | null, reply?: string) => (error ? reject(error) : resolve(reply ?? '')),
      ),
    );
  }

  async function worker(): Promise<void> {
    while (running) {
      const started = Date.now();
      const outcome = await call().then(
        (reply) => ({ at: started, phase, reply }),
        (error: unknown) => ({ at: started, phase, error: String(error) }),
      );
      outcomes.push(outcome);
      await sleep(25);
    }
  }

  const failures = () => outcomes.filter((outcome) => outcome.error !== undefined);
  const repliesSince = (from: number) => outcomes.filter((outcome) => outcome.at >= from && outcome.reply !== undefined);
  /** Waits until calls started from now on are answered with `reply`, and returns when that began. */
  async function wireSays(what: string, reply: (text: string) => boolean): Promise<void> {
    const from = Date.now();
    await waitFor(what, () => (repliesSince(from).some((outcome) => reply(outcome.reply ?? '')) ? true : undefined), {
      timeoutMs: 30_000,
    });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kumiko-mtls-lifecycle-'));
    nats = await startNats();
    nc = await connectNats({ servers: nats.url, name: 'mtls-lifecycle-test', logger });
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, zonesStream());
    await ensureStream(jsm, globalStream());
    const ca = await createBuiltinCa({ mesh: MESH });
    for (const [name, pem] of [
      [`${MESH}.ca-builtin-cert-ca-1`, ca.certPem],
      [`${MESH}.ca-builtin-key-ca-1`, ca.keyPem],
    ] as const) {
      await publish({
        kind: SubjectKinds.Secret,
        mesh: MESH,
        name,
        resource: { type: 'Secret', mesh: MESH, name, labels: {}, data: secretData(pem) },
      });
    }
    await publish({ kind: SubjectKinds.Mesh, name: MESH, resource: meshIn('off') });
    store = new ZoneResourceStore(nc.jetstream(), { zone: 'zone-1', stream: 'ZONES', logger });
    replica = new GlobalReplica(nc.jetstream(), { stream: 'GLOBAL', logger });
    await store.start();
    await replica.start();
    await waitFor('the mesh and its CA in the replica', () =>
      replica.get(SubjectKinds.Mesh, MESH) !== undefined &&
      replica.get(SubjectKinds.Secret, `${MESH}.ca-builtin-key-ca-1`, MESH) !== undefined
        ? true
        : undefined,
    );
    const port = await freePort();
    await store.upsert(dataplane('greeter-1', 'greeter', port));
    await store.upsert(dataplane('web-1', 'web', await freePort()));
    views = new ZoneMeshViewBuilder(store, replica, { zone: 'zone-1', debounceMs: 20 });
    views.start();
    xds = new ZoneXdsService(views, { logger, identities: new ProxyIdentities(new MeshCaSource(replica)) });
    await xds.start({ host: '127.0.0.1', port: 0 });

    // kumiko-dp's part: each app's certificate files follow its Dataplane's Secrets. The apps use node ids of their
    // own, since the zone serves a node that asks for Listeners by name no Secrets.
    const xdsAddress = `127.0.0.1:${xds.port ?? 0}`;
    const greeterFiles = new SecretFileWriter(xdsAddress, `${MESH}.greeter-1`, MESH, dir);
    const webFiles = new SecretFileWriter(xdsAddress, `${MESH}.web-1`, MESH, dir);
    writers.push(greeterFiles, webFiles);

    server = new XdsServer({
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': bootstrap(`${MESH}.greeter-1-app`, greeterFiles.files),
    });
    server.addService(greeterService, {
      SayHello: (served: ServerUnaryCall<string, string>, callback: sendUnaryData<string>) => {
        const peer = served.getAuthContext().sslPeerCertificate;
        callback(null, peer === undefined ? 'plaintext' : `${peer.subjectaltname} #${peer.serialNumber}`);
      },
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, new XdsServerCredentials(ServerCredentials.createInsecure()), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    client = new Client('xds:///greeter', new XdsChannelCredentials(credentials.createInsecure()), {
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': bootstrap(`${MESH}.web-1-app`, webFiles.files),
    });
    load = Promise.all(Array.from({ length: WORKERS }, () => worker())).then(() => undefined);
  });

  after(async () => {
    running = false;
    await load;
    client?.close();
    server?.forceShutdown();
    await Promise.all(writers.map((writer) => writer.stop()));
    await xds?.stop();
    views?.stop();
    await store?.stop();
    await replica?.stop();
    await nc?.drain();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given mTLS off, then the calls are plaintext', async () => {
    await wireSays('a plaintext reply', (reply) => reply === 'plaintext');
    assert.deepEqual(failures(), []);
  });

  it('given PERMISSIVE, then certificates are handed out and the calls stay plaintext (the proxyless server is never TLS ready)', async () => {
    phase = 'PERMISSIVE';
    await publish({ kind: SubjectKinds.Mesh, name: MESH, resource: meshIn('PERMISSIVE') });
    await Promise.all(writers.map((writer) => writer.writtenTimes(1, 20_000)));
    const from = Date.now();
    await sleep(2_000);
    const replies = repliesSince(from);
    assert.ok(replies.length > 0);
    assert.deepEqual([...new Set(replies.map((outcome) => outcome.reply))], ['plaintext']);
    assert.deepEqual(failures(), []);
  });

  it('given STRICT, then the server sees the client’s SPIFFE ID, and no call fails while the certificates rotate twice', async () => {
    phase = 'STRICT';
    await publish({ kind: SubjectKinds.Mesh, name: MESH, resource: meshIn('STRICT') });
    await wireSays('an mTLS reply', (reply) => reply.startsWith('URI:spiffe://lifecycle/web'));
    assert.deepEqual(failures(), []);

    phase = 'STRICT rotating';
    const [greeter, web] = writers;
    assert.ok(greeter && web);
    const issued = { greeter: greeter.written.length, web: web.written.length };
    await Promise.all([greeter.writtenTimes(issued.greeter + 2, 45_000), web.writtenTimes(issued.web + 2, 45_000)]);
    await sleep(1_500); // the certificate providers' refresh interval, and then some
    const from = Date.now();
    await wireSays('an mTLS reply after the rotations', (reply) => reply.startsWith('URI:spiffe://lifecycle/web'));
    assert.ok(repliesSince(from).every((outcome) => outcome.reply !== 'plaintext'));
    assert.deepEqual(failures(), []);

    // a new connection handshakes with the files as they are now: the client presents its latest certificate
    const fresh = new Client('xds:///greeter', new XdsChannelCredentials(credentials.createInsecure()), {
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': bootstrap(`${MESH}.web-1-app2`, web.files),
    });
    try {
      const reply = await call(fresh);
      const serial = (text: string) => text.replace(/^0+/, '').toUpperCase();
      assert.equal(serial(reply.split(' #')[1] ?? ''), serial(new X509Certificate(web.written.at(-1) ?? '').serialNumber));
    } finally {
      fresh.close();
    }
  });

  it('given mTLS turned off again, then the same processes return to plaintext without a failed call', async () => {
    phase = 'off again';
    await publish({ kind: SubjectKinds.Mesh, name: MESH, resource: meshIn('off') });
    await wireSays('a plaintext reply again', (reply) => reply === 'plaintext');
    await sleep(1_000);
    assert.deepEqual(failures(), []);
    const byPhase = new Map<string, number>();
    for (const outcome of outcomes) byPhase.set(outcome.phase, (byPhase.get(outcome.phase) ?? 0) + 1);
    for (const name of ['off', 'PERMISSIVE', 'STRICT', 'STRICT rotating', 'off again'])
      assert.ok((byPhase.get(name) ?? 0) > 0, `calls in ${name}`);
  });
});
