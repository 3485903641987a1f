/**
 * A zone's xDS path end to end: Dataplanes written through the zone's store (real NATS JetStream),
 * the mesh from the GLOBAL replica, the ZoneXdsService's ADS server, and @grpc/grpc-js-xds calling
 * `xds:///backend` reaching real gRPC backends as Dataplanes come and go. Also the local
 * ZoneIngress's availableServices following the Dataplanes. grpc-js-xds registers its resolver
 * process-wide, hence a file of its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, credentials } from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import type { NatsConnection } from 'nats';
import { pino } from 'pino';
import { decodeDataplane, decodeMesh, decodeZoneIngress, type Dataplane, type ZoneIngress } from '@kumiko/api';
import { connectNats, ensureStream, publishToStream } from '@kumiko/bus';
import { encodeGlobalViewEntry, globalStream, globalSubject, SubjectKinds, zonesStream } from '@kumiko/events';
import { startNats, waitFor, type NatsServer } from '@kumiko/testing';
import { sayHello, startGreeterBackend, type GreeterBackend } from '@kumiko/xds/test-support';
import { AvailableServicesUpdater, GlobalReplica, ZoneMeshViewBuilder, ZoneResourceStore, ZoneXdsService } from '@kumiko/zone-cp';

register();

const ZONE = 'zone-1';
const logger = pino({ level: 'silent' });

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function backendDataplane(backend: GreeterBackend): Dataplane {
  return must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: 'default',
      name: `backend-${backend.name}`,
      networking: {
        address: '127.0.0.1',
        inbound: [{ port: backend.port, tags: { 'kuma.io/service': 'backend', 'kuma.io/protocol': 'grpc' } }],
      },
    }),
  );
}

describe('zone xDS: store → mesh view → ZoneXdsService → grpc-js-xds', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let store: ZoneResourceStore;
  let replica: GlobalReplica;
  let views: ZoneMeshViewBuilder;
  let xds: ZoneXdsService;
  let updater: AvailableServicesUpdater;
  let a: GreeterBackend;
  let b: GreeterBackend;
  let client: Client;

  async function callUntil(done: (replies: readonly string[]) => boolean, window: number, timeoutMs = 8_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const replies: string[] = [];
    for (;;) {
      replies.push(await sayHello(client));
      const recent = replies.slice(-window);
      if (recent.length === window && done(recent)) return recent;
      if (Date.now() > deadline) throw new Error(`not reached in time; last replies: ${recent.join(',')}`);
    }
  }

  function localIngress(): ZoneIngress | undefined {
    return store.get({ kind: SubjectKinds.ZoneIngress, mesh: undefined, name: 'zi-1' }) as ZoneIngress | undefined;
  }

  before(async () => {
    nats = await startNats();
    nc = await connectNats({ servers: nats.url, name: 'zone-xds-test', logger });
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, zonesStream());
    await ensureStream(jsm, globalStream());
    const js = nc.jetstream();
    // the global CP's view of the mesh, as its outbox relay publishes it
    const meshEntry = {
      kind: SubjectKinds.Mesh,
      name: 'default',
      resource: must(decodeMesh({ type: 'Mesh', name: 'default' })),
      zone: undefined,
      outboxId: 'mesh-default',
      time: new Date().toISOString(),
    } as const;
    await publishToStream(
      js,
      globalSubject({ kind: SubjectKinds.Mesh, mesh: undefined, name: 'default' }),
      encodeGlobalViewEntry(meshEntry),
      { msgId: meshEntry.outboxId },
    );

    store = new ZoneResourceStore(js, { zone: ZONE, stream: 'ZONES', logger });
    replica = new GlobalReplica(js, { stream: 'GLOBAL', logger });
    await store.start();
    await replica.start();
    [a, b] = await Promise.all([startGreeterBackend('A'), startGreeterBackend('B')]);
    await store.upsert(backendDataplane(a));
    await store.upsert(must(decodeZoneIngress({ type: 'ZoneIngress', name: 'zi-1', networking: { address: '127.0.0.1', port: 10001 } })));

    views = new ZoneMeshViewBuilder(store, replica, { zone: ZONE, debounceMs: 20 });
    views.start();
    updater = new AvailableServicesUpdater(store, replica, { debounceMs: 20 });
    updater.start();
    xds = new ZoneXdsService(views, { logger });
    const port = await xds.start({ host: '127.0.0.1', port: 0 });
    const bootstrap = {
      xds_servers: [{ server_uri: `127.0.0.1:${port}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: 'default.client', locality: {} },
    };
    client = new Client('xds:///backend', credentials.createInsecure(), {
      'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config': JSON.stringify(bootstrap),
    });
  });

  after(async () => {
    client.close();
    await xds.stop();
    views.stop();
    await updater.stop();
    await store.stop();
    await replica.stop();
    await nc.drain();
    await Promise.all([a, b].map(({ server }) => server.forceShutdown()));
    await nats.stop();
  });

  it('given backend A registered as a Dataplane, when the client calls xds:///backend, then A answers', async () => {
    assert.equal(await sayHello(client), 'A');
    assert.deepEqual(xds.connectedNodes(), ['default.client']);
  });

  it('given a second Dataplane added through the store, then RPCs spread across both backends', async () => {
    await store.upsert(backendDataplane(b));
    const spread = (replies: readonly string[]): boolean =>
      replies.filter((r) => r === 'A').length >= 3 && replies.filter((r) => r === 'B').length >= 3;
    const recent = await callUntil(spread, 10);
    assert.ok(spread(recent), recent.join(','));
  });

  it('given the local ZoneIngress, then its availableServices count both backends', async () => {
    await waitFor('availableServices with 2 instances', () => (localIngress()?.availableServices[0]?.instances === 2 ? true : undefined), {
      timeoutMs: 5_000,
    });
    assert.deepEqual(localIngress()?.availableServices, [
      {
        mesh: 'default',
        instances: 2,
        externalService: false,
        tags: { 'kuma.io/protocol': 'grpc', 'kuma.io/service': 'backend', 'kuma.io/zone': ZONE },
      },
    ]);
  });

  it('given Dataplane A removed through the store, then no RPC reaches A', async () => {
    assert.equal(await store.delete(SubjectKinds.Dataplane, 'default', 'backend-A'), true);
    const recent = await callUntil((replies) => replies.every((r) => r === 'B'), 20);
    assert.equal(recent.length, 20);
    await waitFor('availableServices with 1 instance', () => (localIngress()?.availableServices[0]?.instances === 1 ? true : undefined), {
      timeoutMs: 5_000,
    });
  });
});
