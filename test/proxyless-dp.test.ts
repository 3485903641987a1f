/**
 * `kumiko-dp run --proxyless` beside real proxyless gRPC apps (@grpc/grpc-js-xds, gRFC A27/A29/A36), against a real
 * zone CP (real NATS) serving an mTLS mesh with a builtin CA: one agent per app registers its Dataplane, writes the
 * identity files and the gRPC bootstrap, and relays the app's ADS. The apps read nothing but that bootstrap: the
 * greeter is an `XdsServer` with `XdsServerCredentials`, the client uses `XdsChannelCredentials`. A tag change
 * re-issues the certificates (new files, calls keep going), and a stopped agent's Dataplane leaves the zone after
 * the deregistration delay.
 */
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { Client, ServerCredentials, credentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { XdsChannelCredentials, XdsServer, XdsServerCredentials, register } from '@grpc/grpc-js-xds';
import { decodeMesh, secretData } from '@kumiko/api';
import { encodeGlobalViewEntry, globalSubject, SubjectKinds, type GlobalViewEntry } from '@kumiko/events';
import { createBuiltinCa } from '@kumiko/pki';
import { freePort, OPEN_PLAINTEXT_DP_SERVER, startProcess, type TestProcess, waitFor } from '@kumiko/testing';
import { greeterService, sayHello } from '@kumiko/xds/test-support';
import { call, startStandaloneZone, type StandaloneZone } from './zone-cp-fixtures.js';

register();

const MESH = 'secure';
const kumikoDp = resolve(import.meta.dirname, '..', 'bin', 'kumiko-dp');

let sequence = 0;
async function publish(zone: StandaloneZone, entry: Omit<GlobalViewEntry, 'outboxId' | 'time'>): Promise<void> {
  const full = { ...entry, outboxId: `proxyless-dp-${++sequence}`, time: new Date().toISOString() } as GlobalViewEntry;
  await zone.nc.jetstream().publish(globalSubject({ kind: full.kind, mesh: full.mesh, name: full.name }), encodeGlobalViewEntry(full));
}

function dataplane(name: string, service: string, port: number, tags: Record<string, string> = {}): Record<string, unknown> {
  return {
    type: 'Dataplane',
    mesh: MESH,
    name,
    networking: {
      address: '127.0.0.1',
      inbound: [{ port, tags: { 'kuma.io/service': service, 'kuma.io/protocol': 'grpc', ...tags } }],
    },
  };
}

interface Agent {
  readonly process: TestProcess;
  readonly configDir: string;
  /** The bootstrap's contents, as the app reads them. */
  readonly bootstrap: string;
}

describe('kumiko-dp run --proxyless with proxyless gRPC apps', () => {
  let zone: StandaloneZone;
  let caPem: string;
  let dir: string;
  let greeterPort: number;
  let greeterAgent: Agent;
  let webAgent: Agent;
  let server: XdsServer | undefined;
  let client: Client | undefined;

  /** Starts an agent for `resource` and waits for the bootstrap it writes for the app. */
  async function startAgent(name: string, resource: Record<string, unknown>): Promise<Agent> {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(resource));
    const configDir = join(dir, name);
    const process = await startProcess({
      command: kumikoDp,
      args: [
        'run',
        '--proxyless',
        '--cp-address',
        `http://127.0.0.1:${zone.zone.xdsPort() ?? 0}`,
        '--dataplane-file',
        file,
        '--config-dir',
        configDir,
        '--log-level',
        'debug',
      ],
    });
    const path = join(configDir, 'grpc-bootstrap.json');
    await waitFor(
      `${name}'s bootstrap`,
      () => {
        if (process.exited()) throw new Error(`kumiko-dp exited:\n${process.output()}`);
        return process.output().includes(`export GRPC_XDS_BOOTSTRAP=${path}`) ? true : undefined;
      },
      { timeoutMs: 30_000 },
    );
    return { process, configDir, bootstrap: readFileSync(path, 'utf8') };
  }

  /** The SAN of the certificate the greeter presents to a client holding the web agent's identity. */
  function presentedSan(): Promise<string> {
    const files = (name: string) => readFileSync(join(webAgent.configDir, name));
    return new Promise((done, fail) => {
      const socket = connect({
        host: '127.0.0.1',
        port: greeterPort,
        ca: files('mesh-ca.pem'),
        cert: files('identity-cert.pem'),
        key: files('identity-key.pem'),
        ALPNProtocols: ['h2'],
        checkServerIdentity: () => undefined,
      });
      socket.once('secureConnect', () => {
        done(socket.getPeerX509Certificate()?.subjectAltName ?? '');
        socket.destroy();
      });
      socket.once('error', fail);
    });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kumiko-proxyless-dp-'));
    zone = await startStandaloneZone('zone-1', [], {
      ...OPEN_PLAINTEXT_DP_SERVER, // the proxyless agent's behaviour; with TLS and tokens: multizone-ingress-mtls
      KUMA_XDS_DATAPLANE_DEREGISTRATION_DELAY: '1s',
    });
    const ca = await createBuiltinCa({ mesh: MESH });
    caPem = ca.certPem;
    const mesh = decodeMesh({ type: 'Mesh', name: MESH, mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } });
    if (!mesh.ok) throw new Error(JSON.stringify(mesh.issues));
    await publish(zone, { kind: SubjectKinds.Mesh, name: MESH, resource: mesh.value });
    for (const [name, text] of [
      [`${MESH}.ca-builtin-cert-ca-1`, ca.certPem],
      [`${MESH}.ca-builtin-key-ca-1`, ca.keyPem],
    ] as const) {
      await publish(zone, {
        kind: SubjectKinds.Secret,
        mesh: MESH,
        name,
        resource: { type: 'Secret', mesh: MESH, name, labels: {}, data: secretData(text) },
      });
    }
    await waitFor('the mesh and its CA on the zone', () =>
      zone.zone.replica.get(SubjectKinds.Mesh, MESH) !== undefined &&
      zone.zone.replica.get(SubjectKinds.Secret, `${MESH}.ca-builtin-key-ca-1`, MESH) !== undefined
        ? true
        : undefined,
    );
    greeterPort = await freePort();
    [greeterAgent, webAgent] = await Promise.all([
      startAgent('greeter-1', dataplane('greeter-1', 'greeter', greeterPort)),
      startAgent('web-1', dataplane('web-1', 'web', await freePort())),
    ]);
  });

  after(async () => {
    client?.close();
    server?.forceShutdown();
    await Promise.all([greeterAgent?.process.stop(), webAgent?.process.stop()]);
    await zone?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given the agent, then the Dataplane it registered is labelled proxyless (its server stays plaintext in PERMISSIVE)', async () => {
    const reply = await call(zone.api, 'GET', `/meshes/${MESH}/dataplanes/greeter-1`);
    assert.equal(reply.status, 200);
    assert.equal((reply.body as { labels?: Record<string, string> }).labels?.['kumiko.io/proxyless'], 'true');
  });

  it('given an mTLS mesh, then the agent wrote identity files chaining to the mesh CA and a bootstrap naming them', () => {
    const bootstrap = JSON.parse(greeterAgent.bootstrap) as {
      xds_servers: { server_uri: string; channel_creds: unknown }[];
      node: { id: string; metadata: Record<string, unknown> };
      certificate_providers: Record<string, { plugin_name: string; config: Record<string, string> }>;
      server_listener_resource_name_template: string;
    };
    assert.match(bootstrap.xds_servers[0]?.server_uri ?? '', /^127\.0\.0\.1:\d+$/);
    assert.deepEqual(bootstrap.xds_servers[0]?.channel_creds, [{ type: 'insecure' }]);
    assert.equal(bootstrap.node.id, `${MESH}.greeter-1`);
    assert.equal(bootstrap.node.metadata['kumiko.io/certificate-provider-instance'], 'kumiko_mesh_identity');
    assert.equal(bootstrap.server_listener_resource_name_template, '%s');
    const provider = bootstrap.certificate_providers['kumiko_mesh_identity'];
    assert.equal(provider?.plugin_name, 'file_watcher');
    const files = {
      cert: provider?.config['certificate_file'] ?? '',
      key: provider?.config['private_key_file'] ?? '',
      ca: provider?.config['ca_certificate_file'] ?? '',
    };
    for (const file of Object.values(files)) assert.ok(file.startsWith(greeterAgent.configDir), file);

    const cert = new X509Certificate(readFileSync(files.cert));
    const ca = new X509Certificate(caPem);
    assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey), 'issued by the mesh CA');
    assert.equal(readFileSync(files.ca, 'utf8'), caPem);
    assert.ok(cert.checkPrivateKey(createPrivateKey(readFileSync(files.key))));
    assert.equal(statSync(files.key).mode & 0o777, 0o600);
    assert.equal(
      cert.subjectAltName,
      'URI:spiffe://secure/greeter, URI:kuma://kuma.io/protocol/grpc, URI:kuma://kuma.io/service/greeter, URI:kuma://kuma.io/zone/zone-1',
    );
  });

  it('given both apps on their bootstraps, then the client calls the greeter over mTLS through the relays and the greeter sees its SPIFFE ID', async () => {
    server = new XdsServer({ 'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': greeterAgent.bootstrap });
    server.addService(greeterService, {
      SayHello: (rpc: ServerUnaryCall<string, string>, callback: sendUnaryData<string>) =>
        callback(null, `greeter to ${rpc.getAuthContext().sslPeerCertificate?.subjectaltname ?? 'plaintext'}`),
    });
    await new Promise<void>((done, fail) =>
      server?.bindAsync(`127.0.0.1:${greeterPort}`, new XdsServerCredentials(ServerCredentials.createInsecure()), (error) =>
        error ? fail(error) : done(),
      ),
    );
    client = new Client('xds:///greeter', new XdsChannelCredentials(credentials.createInsecure()), {
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': webAgent.bootstrap,
    });
    const web = client;
    const reply = await waitFor('a reply over mTLS', () => sayHello(web).catch(() => undefined), { timeoutMs: 30_000 });
    assert.match(reply, /^greeter to URI:spiffe:\/\/secure\/web, /);
    assert.match(reply, /URI:kuma:\/\/kuma\.io\/service\/web/);
  });

  it('given a tag change on the greeter, then its certificate is re-issued into the files and calls keep succeeding', async () => {
    const web = client;
    assert.ok(web !== undefined, 'the client of the previous test');
    const certFile = join(greeterAgent.configDir, 'identity-cert.pem');
    const before = readFileSync(certFile, 'utf8');
    const failures: unknown[] = [];
    let calls = 0;
    let calling = true;
    const load = (async () => {
      while (calling) {
        await sayHello(web).then(
          () => calls++,
          (error: unknown) => failures.push(error),
        );
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const reply = await call(
        zone.api,
        'PUT',
        `/meshes/${MESH}/dataplanes/greeter-1`,
        dataplane('greeter-1', 'greeter', greeterPort, { version: 'v2' }),
      );
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const renewed = await waitFor(
        'the re-issued certificate in the file',
        () => {
          const now = readFileSync(certFile, 'utf8');
          return now !== before ? new X509Certificate(now) : undefined;
        },
        { timeoutMs: 20_000 },
      );
      assert.match(renewed.subjectAltName ?? '', /URI:kuma:\/\/version\/v2/);
      assert.ok(renewed.checkIssued(new X509Certificate(caPem)));
      // the greeter's gRPC re-reads the files (file_watcher) and presents the new certificate to mesh clients
      await waitFor(
        'the greeter presenting the re-issued certificate',
        () => presentedSan().then((san) => (san.includes('kuma://version/v2') ? true : undefined)),
        {
          timeoutMs: 20_000,
        },
      );
    } finally {
      calling = false;
      await load;
    }
    assert.deepEqual(failures, []);
    assert.ok(calls > 10, `only ${calls} calls`);
  });

  it('given a mesh without mTLS, then the bootstrap comes at once, with neither a certificate provider nor identity files', async () => {
    const plain = decodeMesh({ type: 'Mesh', name: 'plain' });
    if (!plain.ok) throw new Error(JSON.stringify(plain.issues));
    await publish(zone, { kind: SubjectKinds.Mesh, name: 'plain', resource: plain.value });
    await waitFor('mesh plain on the zone', () => zone.zone.replica.get(SubjectKinds.Mesh, 'plain'));
    const agent = await startAgent('plain-1', { ...dataplane('plain-1', 'plain', await freePort()), mesh: 'plain' });
    try {
      const bootstrap = JSON.parse(agent.bootstrap) as { node: { id: string; metadata: Record<string, unknown> } };
      assert.equal(bootstrap.node.id, 'plain.plain-1');
      assert.equal('certificate_providers' in bootstrap, false);
      assert.equal('kumiko.io/certificate-provider-instance' in bootstrap.node.metadata, false);
      assert.equal(existsSync(join(agent.configDir, 'identity-cert.pem')), false);
    } finally {
      assert.equal(await agent.process.stop(), 0, agent.process.output());
    }
  });

  it('given SIGTERM, then the agent exits 0, keeps the certificates but not the key, and an agent’s Dataplane leaves the zone after the delay', async () => {
    client?.close();
    client = undefined;
    server?.forceShutdown();
    server = undefined;
    assert.equal(await greeterAgent.process.stop(), 0, greeterAgent.process.output());
    assert.equal(existsSync(join(greeterAgent.configDir, 'identity-key.pem')), false, 'the key is removed');
    assert.ok(existsSync(join(greeterAgent.configDir, 'identity-cert.pem')), 'the certificate stays for debugging');
    assert.ok(existsSync(join(greeterAgent.configDir, 'grpc-bootstrap.json')), 'the bootstrap stays for debugging');
    // plain-1 was registered by its agent alone (stopped by the test before); greeter-1 was PUT over REST since its
    // agent registered it, which makes it the user's: no connection deletes it.
    await waitFor(
      'the plain-1 Dataplane deregistered',
      async () => ((await call(zone.api, 'GET', '/meshes/plain/dataplanes/plain-1')).status === 404 ? true : undefined),
      { timeoutMs: 15_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal((await call(zone.api, 'GET', `/meshes/${MESH}/dataplanes/greeter-1`)).status, 200, 'the user’s Dataplane stays');
    assert.equal((await call(zone.api, 'GET', `/meshes/${MESH}/dataplanes/web-1`)).status, 200, 'the other agent’s Dataplane stays');
  });
});
