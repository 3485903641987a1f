/**
 * Cross-zone mutual TLS through a ZoneIngress that never terminates TLS, with real processes: NATS,
 * Postgres, the global CP and two zone CPs (startKumikoSystem), and zone-2's ingress as `kumiko-dp run
 * --proxy-type ingress` running the ingress stand-in (scripts/grpc-ingress, TLS passthrough by SNI from
 * the ingress listener's filter chains). Mesh `secure` has the builtin CA. zone-2 runs a greeter
 * `XdsServer` with `XdsServerCredentials`; zone-1 a proxyless client with `XdsChannelCredentials`. Each
 * gets its identity from its own zone CP over SDS (fetchIdentityFiles, standing in for `kumiko-dp run
 * --proxyless`). Scenarios build on each other, in order.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PeerCertificate } from 'node:tls';
import { Client, credentials, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { register, XdsChannelCredentials, XdsServer, XdsServerCredentials } from '@grpc/grpc-js-xds';
import { createBuiltinCa, issueIdentityCertificate, loadCa } from '@kumiko/pki';
import {
  freePort,
  kumikoRepoRoot,
  type KumikoSystem,
  OPEN_PLAINTEXT_DP_SERVER,
  startKumikoSystem,
  startProcess,
  type TestProcess,
  waitFor,
} from '@kumiko/testing';
import { PROXYLESS_IDENTITY_METADATA, PROXYLESS_IDENTITY_PROVIDER } from '@kumiko/xds';
import { greeterService, sayHello } from '@kumiko/xds/test-support';
import { fetchIdentityFiles, type IdentityFiles } from './mesh-identity-files.js';
import { mtlsMeshBody, putDataplane, rest, statusOf } from './multizone-fixtures.js';

register();

const MESH = 'secure';
/** Generous: two cores shared by five processes and the test. */
const CONVERGE_MS = 45_000;

describe('multi-zone mTLS through zone-2’s ingress (TLS passthrough by SNI)', () => {
  let system: KumikoSystem;
  let dir: string;
  let ingress: TestProcess;
  let ingressPort: number;
  let greeterServer: XdsServer | undefined;
  let web: IdentityFiles;
  let caPem: Buffer;
  const clients: Client[] = [];

  /** The gRPC bootstrap kumiko-dp --proxyless writes for an app holding the identity in `files`. */
  function bootstrap(adsAddress: string, node: string, files: IdentityFiles): string {
    return JSON.stringify({
      xds_servers: [{ server_uri: adsAddress, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
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

  function track(client: Client): Client {
    clients.push(client);
    return client;
  }

  /** A plain gRPC TLS client dialing the ingress directly with `sni`, as an Envoy sidecar's connection would arrive. */
  function directClient(sni: string, identity: { key: Buffer; cert: Buffer } | undefined, trusted: Buffer): Client {
    const checkServerIdentity = (_host: string, cert: PeerCertificate): Error | undefined =>
      cert.subjectaltname?.split(', ').includes(`URI:spiffe://${MESH}/greeter`) ? undefined : new Error('not the greeter');
    return track(
      new Client(
        `127.0.0.1:${ingressPort}`,
        credentials.createSsl(trusted, identity?.key ?? null, identity?.cert ?? null, { checkServerIdentity }),
        { 'grpc.ssl_target_name_override': sni, 'grpc.default_authority': 'greeter' },
      ),
    );
  }

  /** The ingress's log lines that routed `sni`. */
  function routed(sni: string): string[] {
    return ingress
      .output()
      .split('\n')
      .filter((line) => line.includes(`SNI "${sni}" → ${MESH}:greeter`));
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kumiko-ingress-mtls-'));
    // The apps dial the zones' ADS directly with identity files fetched over ADS (no kumiko-dp agent, so no CA or token):
    // an open DP server, chosen; kumiko-dp with TLS and tokens is zone-dp-server-tls's and the demo's.
    system = await startKumikoSystem({ zoneEnv: { ...OPEN_PLAINTEXT_DP_SERVER, KUMA_MULTIZONE_ZONE_HEARTBEAT_INTERVAL: '250ms' } });
    assert.equal((await rest(system.global.url, `/meshes/${MESH}`, 'PUT', mtlsMeshBody(MESH))).status, 201);
    for (const zone of system.zones) {
      await waitFor(
        `mesh ${MESH} in ${zone.zone}`,
        async () => ((await statusOf(zone.url, `/meshes/${MESH}`)) === 200 ? true : undefined),
        {
          timeoutMs: CONVERGE_MS,
          intervalMs: 100,
        },
      );
    }
  });

  after(async () => {
    for (const client of clients) client.close();
    greeterServer?.forceShutdown();
    await ingress?.stop();
    await system?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('given zone-2’s ingress under kumiko-dp and a greeter XdsServer there, then a zone-1 proxyless client calls it over mTLS through the ingress, which routes the SNI gRPC sends (the channel authority)', async () => {
    const zone1 = system.zone('zone-1');
    const zone2 = system.zone('zone-2');
    ingressPort = await freePort();
    const root = kumikoRepoRoot;
    ingress = await startProcess({
      command: join(root, 'bin/kumiko-dp'),
      args: [
        'run',
        '--proxy-type',
        'ingress',
        '--cp-address',
        zone2.dpServerUrl,
        '--dataplane-file',
        join(root, 'deploy/demo/zone-ingress.yaml'),
        '--dataplane-var',
        'name=zi-2',
        '--dataplane-var',
        'address=127.0.0.1',
        '--dataplane-var',
        'advertisedAddress=127.0.0.1',
        '--dataplane-var',
        `port=${ingressPort}`,
        '--binary-path',
        join(root, 'scripts/grpc-ingress/envoy'),
        '--config-dir',
        join(dir, 'zi-2'),
        '--drain-time',
        '1s',
      ],
    });

    // zone-2: the greeter registered as a Dataplane, its identity from zone-2's SDS, serving with the mesh mTLS its LDS gives
    const greeterPort = await freePort();
    await putDataplane(zone2.url, MESH, 'greeter-1', {
      address: '127.0.0.1',
      port: greeterPort,
      service: 'greeter',
      tags: { 'kuma.io/protocol': 'grpc' },
    });
    const greeterFiles = await fetchIdentityFiles(zone2.adsAddress, MESH, 'greeter-1', dir);
    const server = new XdsServer({
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': bootstrap(zone2.adsAddress, `${MESH}.greeter-1-app`, greeterFiles),
    });
    greeterServer = server;
    server.addService(greeterService, {
      SayHello: (call: ServerUnaryCall<string, string>, callback: sendUnaryData<string>) =>
        callback(null, `greeter-1 to ${call.getAuthContext().sslPeerCertificate?.subjectaltname ?? 'plaintext'}`),
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${greeterPort}`, new XdsServerCredentials(ServerCredentials.createInsecure()), (error) =>
        error ? reject(error) : resolve(),
      ),
    );

    // zone-1: the client's Dataplane and identity from zone-1's SDS
    await putDataplane(zone1.url, MESH, 'web-1', { address: '127.0.0.1', port: await freePort(), service: 'web' });
    web = await fetchIdentityFiles(zone1.adsAddress, MESH, 'web-1', dir);
    caPem = readFileSync(web.ca);
    const client = track(
      new Client('xds:///greeter', new XdsChannelCredentials(credentials.createInsecure()), {
        'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': bootstrap(zone1.adsAddress, `${MESH}.web-1-app`, web),
      }),
    );

    const reply = await waitFor('a reply through zone-2’s ingress', () => sayHello(client).catch(() => undefined), {
      timeoutMs: CONVERGE_MS,
      intervalMs: 250,
    });
    // the greeter saw the zone-1 client's own certificate: TLS ran end to end, the ingress only relayed bytes
    assert.match(reply, /^greeter-1 to URI:spiffe:\/\/secure\/web, URI:kuma:\/\/kuma\.io\/service\/web/);
    assert.match(reply, /URI:kuma:\/\/kuma\.io\/zone\/zone-1/);
    // grpc-js-xds ignores the cluster's UpstreamTlsContext.sni and sends its channel authority: the bare service name
    assert.ok(routed('greeter').length > 0, `the ingress routed SNI "greeter":\n${ingress.output().slice(-3000)}`);
    assert.equal(routed(`greeter{mesh=${MESH}}`).length, 0);
  });

  it('given a client sending Kuma’s SNI with the mesh identity (as an Envoy sidecar does), then the ingress routes it too', async () => {
    const identity = { key: readFileSync(web.key), cert: readFileSync(web.cert) };
    const reply = await sayHello(directClient(`greeter{mesh=${MESH}}`, identity, caPem));
    assert.match(reply, /^greeter-1 to URI:spiffe:\/\/secure\/web,/);
    assert.ok(routed(`greeter{mesh=${MESH}}`).length > 0);
  });

  it('given a client without a certificate, or with one from another CA, then the greeter refuses it behind the ingress', async () => {
    const before = routed(`greeter{mesh=${MESH}}`).length;
    await assert.rejects(sayHello(directClient(`greeter{mesh=${MESH}}`, undefined, caPem)), /UNAVAILABLE/);

    const other = await createBuiltinCa({ mesh: MESH });
    const stranger = await issueIdentityCertificate({
      ca: await loadCa(other.certPem, other.keyPem),
      mesh: MESH,
      backend: 'ca-1',
      tagSets: [{ 'kuma.io/service': 'web' }],
    });
    const strangerIdentity = { key: Buffer.from(stranger.keyPem), cert: Buffer.from(stranger.certPem) };
    await assert.rejects(sayHello(directClient('greeter', strangerIdentity, caPem)), /UNAVAILABLE/);

    // the same through grpc-js-xds: its certificate provider holds the foreign identity, trusting the real mesh CA
    const files = { cert: join(dir, 'stranger.crt'), key: join(dir, 'stranger.key'), ca: web.ca };
    writeFileSync(files.cert, stranger.certPem);
    writeFileSync(files.key, stranger.keyPem);
    const xdsStranger = track(
      new Client('xds:///greeter', new XdsChannelCredentials(credentials.createInsecure()), {
        'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': bootstrap(
          system.zone('zone-1').adsAddress,
          `${MESH}.stranger-app`,
          files,
        ),
      }),
    );
    const refused = await waitFor(
      'the foreign client refused',
      () =>
        sayHello(xdsStranger).then(
          () => 'accepted',
          (error: unknown) => (/Failed to connect|UNAVAILABLE/.test(String(error)) ? String(error) : undefined),
        ),
      { timeoutMs: CONVERGE_MS, intervalMs: 250 },
    );
    assert.notEqual(refused, 'accepted');
    // they were refused by the greeter, not by the ingress: it routed them and relayed the handshake
    assert.ok(routed(`greeter{mesh=${MESH}}`).length > before);
  });
});
