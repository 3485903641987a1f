/**
 * The whole xDS path for proxyless gRPC, end to end with a real xDS client: real gRPC backends are
 * described as Dataplanes in a MeshView; the proxyless generator builds their resources on demand
 * (the ADS server's resource provider) and @grpc/grpc-js-xds 1.14.1 calling `xds:///backend`
 * reaches them. grpc-js-xds registers its resolver process-wide, hence a file of its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, credentials } from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { decodeDataplane, decodeMesh, parseProxyId, type Dataplane, type Mesh } from '@kumiko/api';
import { AdsServer } from './ads-server.js';
import type { ResourceProvider } from './ads-resource-provider.js';
import { createMeshView, type MeshView } from '../generate/mesh-view.js';
import { ProxySnapshotGenerator } from '../generate/proxy-snapshot-generator.js';
import { SnapshotCache } from '../snapshot/snapshot-cache.js';
import { sayHello, startGreeterBackend, type GreeterBackend } from '../../test-support/greeter-backend.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

register();

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const mesh: Mesh = must(decodeMesh({ type: 'Mesh', name: 'default' }));

/** A backend as its zone would register it: one gRPC inbound of service `backend`. */
function backendDataplane(backend: GreeterBackend): Dataplane {
  return must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: 'default',
      name: `backend-${backend.name}`,
      networking: {
        address: '127.0.0.1',
        inbound: [{ port: backend.port, tags: { 'kuma.io/service': 'backend', 'kuma.io/protocol': 'grpc', 'kuma.io/zone': 'zone-1' } }],
      },
    }),
  );
}

describe('proxyless gRPC: Dataplanes → generators → ADS server → grpc-js-xds', () => {
  const cache = new SnapshotCache();
  const generator = new ProxySnapshotGenerator();
  const listenerNames = new Map<string, Set<string>>();
  let view: MeshView;
  let a: GreeterBackend;
  let b: GreeterBackend;
  let client: Client;

  /** What the zone CP does on every MeshView change: regenerate each proxyless node's snapshot. */
  function publish(nodeId: string): void {
    const names = listenerNames.get(nodeId) ?? new Set<string>();
    cache.set(nodeId, generator.generateProxyless(view, parseProxyId(nodeId).mesh, names));
  }
  function setBackends(backends: readonly GreeterBackend[]): void {
    view = createMeshView({ zone: 'zone-1', meshes: [mesh], dataplanes: backends.map(backendDataplane) });
    for (const nodeId of listenerNames.keys()) publish(nodeId);
  }
  const provider: ResourceProvider = {
    provideMissing({ nodeId, typeUrl, names }) {
      if (typeUrl !== TypeUrls.Listener) return;
      const known = listenerNames.get(nodeId) ?? new Set<string>();
      for (const name of names) known.add(name);
      listenerNames.set(nodeId, known);
      publish(nodeId);
    },
  };
  const ads = new AdsServer({ cache, resourceProvider: provider });

  async function callUntil(done: (replies: readonly string[]) => boolean, window: number, timeoutMs = 5_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const replies: string[] = [];
    for (;;) {
      replies.push(await sayHello(client));
      const recent = replies.slice(-window);
      if (recent.length === window && done(recent)) return recent;
      if (Date.now() > deadline) throw new Error(`not reached in time; last replies: ${recent.join(',')}`);
    }
  }

  before(async () => {
    [a, b] = await Promise.all([startGreeterBackend('A'), startGreeterBackend('B')]);
    setBackends([a]);
    const adsPort = await ads.start();
    const bootstrap = {
      xds_servers: [{ server_uri: `127.0.0.1:${adsPort}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: 'default.proxyless-client', locality: {} },
    };
    client = new Client('xds:///backend', credentials.createInsecure(), {
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': JSON.stringify(bootstrap),
    });
  });

  after(async () => {
    client.close();
    await ads.stop();
    await Promise.all([a, b].map(({ server }) => server.forceShutdown()));
  });

  it('given backend A registered as a Dataplane, when the client calls xds:///backend, then A answers', async () => {
    assert.equal(await sayHello(client), 'A');
    assert.deepEqual([...(listenerNames.get('default.proxyless-client') ?? [])], ['backend']);
  });

  it('given a second Dataplane for the service, then RPCs spread across both backends', async () => {
    setBackends([a, b]);
    const recent = await callUntil((replies) => replies.includes('A') && replies.includes('B'), 10);
    assert.ok(recent.filter((r) => r === 'B').length >= 3, recent.join(','));
  });

  it('given Dataplane A removed, then no RPC reaches A', async () => {
    setBackends([b]);
    const recent = await callUntil((replies) => replies.every((r) => r === 'B'), 20);
    assert.equal(recent.length, 20);
  });
});
