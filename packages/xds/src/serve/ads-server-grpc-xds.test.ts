/**
 * End to end with a real xDS client: @grpc/grpc-js-xds 1.14.1 resolves `xds:///backend` through our
 * ADS server and calls real gRPC backends. grpc-js-xds registers its resolver process-wide, so this
 * scenario lives in its own file; its steps run in order and build on each other.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { Client, credentials } from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { AdsServer } from './ads-server.js';
import { SnapshotCache } from '../snapshot/snapshot-cache.js';
import { edsCluster, grpcListener, loadAssignment, routeTo, testSnapshot } from '../../test-support/snapshot-cache-fixtures.js';
import { sayHello, startGreeterBackend } from '../../test-support/greeter-backend.js';
import { TypeUrls, type XdsSnapshot } from '../snapshot/xds-snapshot.js';

register();

const NODE_ID = 'e2e-node';
/** The backend service as gRPC wants it: api_listener → RDS → EDS cluster → load assignment. */
function backendSnapshot(ports: readonly number[], options: { rdsViaAds?: boolean } = {}): XdsSnapshot {
  return testSnapshot({
    listeners: [grpcListener('backend', 'backend-route', options)],
    routes: [routeTo('backend-route', 'backend')],
    clusters: [edsCluster('backend')],
    endpoints: [
      loadAssignment(
        'backend',
        ports.map((port) => ({ address: '127.0.0.1', port })),
      ),
    ],
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('grpc-js-xds client through the ADS server', () => {
  const cache = new SnapshotCache();
  const ads = new AdsServer({ cache });
  let a: Awaited<ReturnType<typeof startGreeterBackend>>;
  let b: Awaited<ReturnType<typeof startGreeterBackend>>;
  let client: Client;

  /** One RPC to xds:///backend; resolves to the name of the backend that answered. */
  const hello = (): Promise<string> => sayHello(client);

  /** Calls until `done(lastReplies)` holds; fails after `timeoutMs`. */
  async function callUntil(done: (replies: readonly string[]) => boolean, window: number, timeoutMs = 5_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const replies: string[] = [];
    for (;;) {
      replies.push(await hello());
      const recent = replies.slice(-window);
      if (recent.length === window && done(recent)) return recent;
      if (Date.now() > deadline) throw new Error(`not reached in time; last replies: ${recent.join(',')}`);
    }
  }

  before(async () => {
    [a, b] = await Promise.all([startGreeterBackend('A'), startGreeterBackend('B')]);
    const adsPort = await ads.start();
    const bootstrap = {
      xds_servers: [{ server_uri: `127.0.0.1:${adsPort}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: NODE_ID, locality: {} },
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

  it('reaches the backend the snapshot describes', async () => {
    // given a snapshot for the client's node with backend A only
    cache.set(NODE_ID, backendSnapshot([a.port]));

    // when the client calls xds:///backend, then A answers
    assert.equal(await hello(), 'A');
    // and the client ACKed each of the four types once
    const types = [TypeUrls.Listener, TypeUrls.RouteConfiguration, TypeUrls.Cluster, TypeUrls.ClusterLoadAssignment];
    await until(() => types.every((typeUrl) => (cache.stats(NODE_ID)?.byType.get(typeUrl)?.acks ?? 0) > 0), 'four ACKs');
    assert.deepEqual(
      types.map((typeUrl) => cache.stats(NODE_ID)?.byType.get(typeUrl)?.acks),
      [1, 1, 1, 1],
    );
  });

  it('spreads RPCs across both backends once B is added to the load assignment', async () => {
    cache.set(NODE_ID, backendSnapshot([a.port, b.port]));

    const recent = await callUntil((replies) => replies.includes('A') && replies.includes('B'), 10);

    assert.ok(
      recent.filter((r) => r === 'A').length >= 3 && recent.filter((r) => r === 'B').length >= 3,
      `round robin expected: ${recent.join(',')}`,
    );
  });

  it('stops sending RPCs to A once it is removed', async () => {
    const onlyB = backendSnapshot([b.port]);
    cache.set(NODE_ID, onlyB);

    await callUntil((replies) => replies.every((r) => r === 'B'), 20);
    assert.equal(
      cache.stats(NODE_ID)?.byType.get(TypeUrls.ClusterLoadAssignment)?.lastAckedVersion,
      onlyB.versions.get(TypeUrls.ClusterLoadAssignment),
    );
  });

  it('records a NACK for a Listener gRPC rejects, does not resend it, and keeps traffic on the last good config', async () => {
    // given the client on the good config; when the Listener's RDS config source is not ADS
    const listenerStats = () => cache.stats(NODE_ID)?.byType.get(TypeUrls.Listener);
    cache.set(NODE_ID, backendSnapshot([b.port], { rdsViaAds: false }));

    // then the client NACKs it and the cache records why
    await until(() => (listenerStats()?.nacks ?? 0) > 0, 'a Listener NACK');
    assert.match(listenerStats()?.lastNack?.message ?? '', /rds\.config_source\.ads and rds\.config_source\.self both unset/);
    // and nothing is resent
    const sent = listenerStats()?.responsesSent;
    await sleep(300);
    assert.equal(listenerStats()?.responsesSent, sent);
    assert.equal(listenerStats()?.nacks, 1);
    // and RPCs keep reaching B
    for (let i = 0; i < 10; i++) assert.equal(await hello(), 'B');
  });

  it('has the client accept the corrected Listener again', async () => {
    const fixed = backendSnapshot([b.port]);
    cache.set(NODE_ID, fixed);

    await until(
      () => cache.stats(NODE_ID)?.byType.get(TypeUrls.Listener)?.lastAckedVersion === fixed.versions.get(TypeUrls.Listener),
      'ACK of the fixed Listener',
    );
    assert.equal(await hello(), 'B');
  });
});
