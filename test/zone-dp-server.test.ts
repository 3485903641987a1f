/**
 * The zone CP's DP server as kumiko-dp and Envoy use it, black-box over the network on real NATS:
 * `POST /bootstrap` validates and returns the Envoy bootstrap; an ADS stream whose node carries the
 * bootstrap's metadata registers the Dataplane (Kuma's universal lifecycle), its DataplaneInsight
 * shows it online, `GET /dns` gives its service a VIP; when the stream ends the insight shows it
 * offline and the Dataplane is deleted after the deregistration delay.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { parseYamlDocuments } from '@kumiko/api';
import { ensureStream } from '@kumiko/bus';
import { globalStream, SubjectKinds, zonesStream } from '@kumiko/events';
import { freePort, type NatsServer, OPEN_PLAINTEXT_DP_SERVER, startNats, waitFor } from '@kumiko/testing';
import { TypeUrls } from '@kumiko/xds';
import { XdsTestClient } from '@kumiko/xds/test-support';
import type { ZoneControlPlane } from '@kumiko/zone-cp';
import { repoRoot } from './pipeline-fixtures.js';
import { publishMesh, startZoneInProcess } from './zone-cp-fixtures.js';

const ZONE = 'zone-1';
const webResource = {
  type: 'Dataplane',
  mesh: 'default',
  name: 'web-1',
  networking: {
    address: '127.0.0.1',
    admin: { port: 9911 },
    inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web_api', 'kuma.io/protocol': 'grpc' } }],
  },
};

interface BootstrapNode {
  readonly id: string;
  readonly metadata: Record<string, unknown>;
}

describe('zone CP DP server: bootstrap, proxy lifecycle, insights, DNS', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let zone: ZoneControlPlane;
  let api: string;
  let dp: string;
  let node: BootstrapNode;

  async function bootstrap(body: unknown, accept = 'application/json'): Promise<Response> {
    return fetch(`${dp}/bootstrap`, {
      method: 'POST',
      headers: { accept, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
  async function overview(): Promise<{
    status: number;
    body: {
      dataplaneInsight?: {
        subscriptions: { connectTime?: string; disconnectTime?: string; status?: { total?: { responsesSent: string } } }[];
      };
    };
  }> {
    const response = await fetch(`${api}/meshes/default/dataplanes/web-1/_overview`);
    return { status: response.status, body: (await response.json()) as never };
  }

  before(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, zonesStream());
    await ensureStream(jsm, globalStream());
    await publishMesh(nc, 'default');
    zone = await startZoneInProcess(ZONE, nats.url, {
      ...OPEN_PLAINTEXT_DP_SERVER, // bootstrap, DNS and lifecycle; TLS and tokens: zone-dp-server-tls, dp-server-authn
      KUMA_XDS_DATAPLANE_DEREGISTRATION_DELAY: '1s',
      KUMA_XDS_SERVER_DATAPLANE_STATUS_FLUSH_INTERVAL: '500ms',
    });
    api = zone.url.replace('0.0.0.0', '127.0.0.1');
    dp = `http://127.0.0.1:${zone.xdsPort() ?? 0}`;
    await waitFor('mesh in the replica', () => zone.replica.get(SubjectKinds.Mesh, 'default'));
  });

  after(async () => {
    await zone?.stop();
    await nc?.close();
    await nats?.stop();
  });

  it('given a valid Dataplane, when kumiko-dp asks for its bootstrap, then it gets Envoy config naming the proxy, ADS on this port, and the resource in the node metadata', async () => {
    const response = await bootstrap({
      mesh: 'default',
      name: 'web-1',
      proxyType: 'dataplane',
      dataplaneResource: JSON.stringify(webResource),
      version: { kumaDp: { version: '2.13.10' }, envoy: { version: '1.36.0' } },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { bootstrap: string };
    const [document] = parseYamlDocuments(Buffer.from(body.bootstrap, 'base64').toString('utf8'));
    const config = document?.value as {
      node: BootstrapNode;
      admin: { address: { socket_address: { port_value: number } } };
      static_resources: { clusters: { load_assignment: unknown }[] };
    };
    assert.equal(config.node.id, 'default.web-1');
    assert.equal(config.admin.address.socket_address.port_value, 9911);
    assert.match(JSON.stringify(config.static_resources.clusters[0]?.load_assignment), new RegExp(`"port_value":${zone.xdsPort() ?? 0}`));
    assert.equal(typeof config.node.metadata['dataplane.resource'], 'string');
    node = config.node;
  });

  it('given an invalid Dataplane or an unknown mesh, then 422 with the violations or 404, and nothing is registered', async () => {
    const invalid = await bootstrap({
      mesh: 'default',
      name: 'bad',
      dataplaneResource: JSON.stringify({ ...webResource, name: 'bad', networking: { address: '', inbound: [] } }),
    });
    assert.equal(invalid.status, 422);
    assert.match(await invalid.text(), /networking\.address/);
    const unknownMesh = await bootstrap({
      mesh: 'nope',
      name: 'web-9',
      dataplaneResource: JSON.stringify({ ...webResource, mesh: 'nope', name: 'web-9' }),
    });
    assert.equal(unknownMesh.status, 404);
    assert.equal((await fetch(`${api}/meshes/default/dataplanes/bad`)).status, 404);
  });

  it('given Envoy connecting to ADS with that node, then the Dataplane is registered with kuma.io/zone, online in its insight, and gets its clusters', async () => {
    const client = new XdsTestClient(`127.0.0.1:${zone.xdsPort() ?? 0}`);
    const stream = client.sotw(node.id);
    stream.send({
      type_url: TypeUrls.Cluster,
      resource_names: [],
      version_info: '',
      response_nonce: '',
      node: { id: node.id, metadata: node.metadata },
    });
    try {
      const registered = await waitFor(
        'Dataplane registered',
        async () => {
          const response = await fetch(`${api}/meshes/default/dataplanes/web-1`);
          return response.status === 200
            ? ((await response.json()) as { networking: { inbound: { tags: Record<string, string> }[] } })
            : undefined;
        },
        { timeoutMs: 10_000 },
      );
      assert.equal(registered.networking.inbound[0]?.tags['kuma.io/zone'], ZONE);
      const clusters = await stream.next(10_000);
      assert.equal(clusters.type_url, TypeUrls.Cluster);
      stream.ack(clusters, []);
      const online = await waitFor(
        'insight online with responses counted',
        async () => {
          const { body } = await overview();
          const subscription = body.dataplaneInsight?.subscriptions.at(-1);
          return subscription?.connectTime !== undefined &&
            subscription.disconnectTime === undefined &&
            subscription.status?.total?.responsesSent !== '0'
            ? subscription
            : undefined;
        },
        { timeoutMs: 10_000 },
      );
      assert.ok(online.connectTime);

      // the service gets a VIP, with Kuma's second name for `_`
      const table = await waitFor(
        'VIP for web_api',
        async () => {
          const response = await fetch(`${dp}/dns?mesh=default`);
          const body = (await response.json()) as { records: { name: string; ips: string[] }[] };
          return body.records.some((r) => r.name === 'web_api.mesh') ? body : undefined;
        },
        { timeoutMs: 10_000 },
      );
      const ips = table.records.filter((r) => r.name === 'web_api.mesh' || r.name === 'web.api.mesh').map((r) => r.ips[0]);
      assert.equal(ips.length, 2);
      assert.equal(ips[0], ips[1]);
      assert.match(ips[0] ?? '', /^(24[0-9]|25[0-5])\./);
    } finally {
      stream.cancel();
      client.close();
    }
  });

  it('given the stream ended, then the insight shows it offline and the Dataplane is deleted after the deregistration delay', async () => {
    await waitFor(
      'insight offline',
      async () => ((await overview()).body.dataplaneInsight?.subscriptions.at(-1)?.disconnectTime ? true : undefined),
      { timeoutMs: 10_000 },
    );
    await waitFor(
      'Dataplane deregistered',
      async () => ((await fetch(`${api}/meshes/default/dataplanes/web-1`)).status === 404 ? true : undefined),
      { timeoutMs: 15_000 },
    );
  });

  it('given kumiko-dp run with a Dataplane template, then the proxy is registered through /bootstrap and ADS, and removed after the deregistration delay once it stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumiko-dp-e2e-'));
    try {
      const envoy = join(dir, 'envoy');
      writeFileSync(envoy, `#!/usr/bin/env bash\nexec ${join(repoRoot, 'bin/kumiko-tsx')} test/fixtures/xds-envoy.ts "$@"\n`);
      chmodSync(envoy, 0o755);
      const template = join(dir, 'dataplane.yaml');
      writeFileSync(
        template,
        'type: Dataplane\nmesh: default\nname: {{ name }}\nnetworking:\n  address: {{ address }}\n  inbound:\n    - port: {{ port }}\n      tags:\n        kuma.io/service: backend\n',
      );
      const log = join(dir, 'xds.log');
      const dnsPort = await freePort();
      const agent = spawn(
        join(repoRoot, 'bin/kumiko-dp'),
        [
          'run',
          '--cp-address',
          dp,
          '--dataplane-file',
          template,
          '--dataplane-var',
          'name=backend-1',
          '--dataplane-var',
          'address=127.0.0.1',
          '--dataplane-var',
          'port=9000',
          '--binary-path',
          envoy,
          '--config-dir',
          join(dir, 'config'),
          '--drain-time',
          '0s',
          '--dns-port',
          String(dnsPort),
          '--log-level',
          'warn',
        ],
        { env: { ...process.env, KUMIKO_XDS_ENVOY_LOG: log }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      agent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => agent.once('exit', (code) => resolve(code)));
      try {
        const registered = await waitFor(
          'registered through kumiko-dp',
          async () => {
            if (agent.exitCode !== null) throw new Error(`kumiko-dp exited ${agent.exitCode}: ${stderr}`);
            const response = await fetch(`${api}/meshes/default/dataplanes/backend-1`);
            return response.status === 200
              ? ((await response.json()) as { networking: { address: string; inbound: { port: number; tags: Record<string, string> }[] } })
              : undefined;
          },
          // three Node processes start in a row (kumiko-dp, the stand-in's `--version`, the stand-in): slow on a busy host
          { timeoutMs: 60_000 },
        );
        assert.equal(registered.networking.inbound[0]?.port, 9000);
        assert.equal(registered.networking.inbound[0]?.tags['kuma.io/zone'], ZONE);
        await waitFor(
          'the stand-in Envoy received its clusters',
          () => (readFileSync(log, { encoding: 'utf8', flag: 'a+' }).includes(TypeUrls.Cluster) ? true : undefined),
          { timeoutMs: 10_000 },
        );
      } finally {
        agent.kill('SIGTERM');
      }
      assert.equal(await exited, 0, stderr);
      await waitFor(
        'deregistered after the delay',
        async () => ((await fetch(`${api}/meshes/default/dataplanes/backend-1`)).status === 404 ? true : undefined),
        { timeoutMs: 15_000 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
