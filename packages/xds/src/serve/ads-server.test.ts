import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { MissingResourcesRequest } from './ads-resource-provider.js';
import { AdsServer } from './ads-server.js';
import { Cluster } from '../generated/envoy/config/cluster/v3/cluster.js';
import { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import type { DiscoveryResponse } from '../generated/envoy/service/discovery/v3/discovery.js';
import { SnapshotCache } from '../snapshot/snapshot-cache.js';
import {
  edsCluster,
  grpcListener,
  loadAssignment,
  routeTo,
  testSnapshot,
  type TestResources,
} from '../../test-support/snapshot-cache-fixtures.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';
import { XdsTestClient } from '../../test-support/xds-test-client.js';

const EDS = TypeUrls.ClusterLoadAssignment;
const CDS = TypeUrls.Cluster;
const LDS = TypeUrls.Listener;
const RDS = TypeUrls.RouteConfiguration;
/** How long "nothing arrives" is watched for; the server answers in well under a millisecond. */
const QUIET_MS = 250;

/** Two services a and b with one endpoint each; `port` moves a's endpoint. */
function resources(options: { port?: number; withB?: boolean } = {}): TestResources {
  const names = options.withB === false ? ['a'] : ['a', 'b'];
  return {
    listeners: names.map((n) => grpcListener(n, `route-${n}`)),
    routes: names.map((n) => routeTo(`route-${n}`, n)),
    clusters: names.map((n) => edsCluster(n)),
    endpoints: names.map((n) => loadAssignment(n, [{ address: '10.0.0.1', port: n === 'a' ? (options.port ?? 8080) : 9090 }])),
  };
}

const nameOf: Record<string, (bytes: Uint8Array) => string | undefined> = {
  [LDS]: (bytes) => Listener.decode(bytes).name,
  [RDS]: (bytes) => RouteConfiguration.decode(bytes).name,
  [CDS]: (bytes) => Cluster.decode(bytes).name,
  [EDS]: (bytes) => ClusterLoadAssignment.decode(bytes).cluster_name,
};

/** The names of the resources a response carries, decoded with the generated codecs. */
function names(response: DiscoveryResponse): string[] {
  const decode = nameOf[response.type_url ?? ''];
  assert.ok(decode, `unexpected type ${response.type_url}`);
  return (response.resources ?? []).map((any) => decode(any.value ?? new Uint8Array()) ?? '');
}

async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('ADS server, state of the world', () => {
  let cache: SnapshotCache;
  let server: AdsServer;
  let client: XdsTestClient;
  let asked: MissingResourcesRequest[];

  beforeEach(async () => {
    cache = new SnapshotCache();
    asked = [];
    server = new AdsServer({ cache, resourceProvider: { provideMissing: (request) => void asked.push(request) } });
    const port = await server.start();
    client = new XdsTestClient(`127.0.0.1:${port}`);
    await client.ready();
  });

  afterEach(async () => {
    client.close();
    await server.stop();
  });

  it('answers a named EDS request with the named resource only, and sends nothing after the ACK', async () => {
    // given a node whose snapshot holds a and b
    const snapshot = testSnapshot(resources());
    cache.set('node-1', snapshot);
    const stream = client.sotw('node-1');

    // when the client asks EDS for a
    stream.request(EDS, ['a']);
    const response = await stream.next();

    // then it gets a at the snapshot's EDS version, with a nonce
    assert.equal(response.type_url, EDS);
    assert.equal(response.version_info, snapshot.versions.get(EDS));
    assert.deepEqual(names(response), ['a']);
    assert.ok(response.nonce);

    // when it ACKs, nothing more is sent, and the cache counted one response and one ACK
    stream.ack(response, ['a']);
    await stream.nothingWithin(QUIET_MS);
    const stats = cache.stats('node-1')?.byType.get(EDS);
    assert.equal(stats?.responsesSent, 1);
    assert.equal(stats?.acks, 1);
    assert.equal(stats?.lastAckedVersion, snapshot.versions.get(EDS));
  });

  it('gives LDS/CDS wildcard requests (empty names) every resource, and named ones just those named', async () => {
    cache.set('node-1', testSnapshot(resources()));
    const stream = client.sotw('node-1');

    stream.request(CDS, []);
    assert.deepEqual(names(await stream.next()), ['a', 'b']);
    stream.request(LDS, ['b']);
    assert.deepEqual(names(await stream.next()), ['b']);
  });

  it('counts a NACK with its detail and does not resend the rejected version', async () => {
    // given a client that received EDS for a
    cache.set('node-1', testSnapshot(resources()));
    const stream = client.sotw('node-1');
    stream.request(EDS, ['a']);
    const rejected = await stream.next();

    // when it NACKs the response
    stream.nack(rejected, ['a'], 'endpoints[0]: address is not a valid IPv4 or IPv6 address');

    // then nothing is resent, and the NACK is in the node's stats
    await stream.nothingWithin(QUIET_MS);
    const stats = cache.stats('node-1');
    assert.equal(stats?.nacks, 1);
    const lastNack = stats?.byType.get(EDS)?.lastNack;
    assert.equal(lastNack?.version, rejected.version_info);
    assert.equal(lastNack?.nonce, rejected.nonce);
    assert.equal(lastNack?.code, 14);
    assert.match(lastNack?.message ?? '', /not a valid IPv4/);

    // when the snapshot changes, the new version goes out
    cache.set('node-1', testSnapshot(resources({ port: 8081 })));
    const next = await stream.next();
    assert.notEqual(next.version_info, rejected.version_info);
    assert.deepEqual(names(next), ['a']);
  });

  it('ignores a request that echoes a stale nonce', async () => {
    // given a client that ACKed EDS a, then got an update it has not ACKed yet
    cache.set('node-1', testSnapshot(resources()));
    const stream = client.sotw('node-1');
    stream.request(EDS, ['a']);
    const first = await stream.next();
    stream.ack(first, ['a']);
    cache.set('node-1', testSnapshot(resources({ port: 8081 })));
    const second = await stream.next();

    // when a request still echoing the first nonce arrives (NACK and subscription change)
    stream.request(EDS, ['a', 'b'], { nonce: first.nonce ?? '', version: first.version_info ?? '', nack: 'late' });

    // then it is ignored: no NACK counted, no response
    await stream.nothingWithin(QUIET_MS);
    assert.equal(cache.stats('node-1')?.nacks, 0);

    // and the next request with the current nonce is handled, subscription change included
    stream.request(EDS, ['a', 'b'], { nonce: second.nonce ?? '', version: second.version_info ?? '' });
    assert.deepEqual(names(await stream.next()), ['b']);
  });

  it('resends on a subscription change: LDS/CDS the full set, EDS the new names', async () => {
    // given a client that ACKed CDS [a] and EDS [a]
    cache.set('node-1', testSnapshot(resources()));
    const stream = client.sotw('node-1');
    stream.request(CDS, ['a']);
    const cds = await stream.next();
    stream.ack(cds, ['a']);
    stream.request(EDS, ['a']);
    const eds = await stream.next();
    stream.ack(eds, ['a']);

    // when it adds b to both subscriptions (same nonce, nothing changed in the snapshot)
    stream.request(CDS, ['a', 'b'], { nonce: cds.nonce ?? '', version: cds.version_info ?? '' });
    const cds2 = await stream.next();
    stream.request(EDS, ['a', 'b'], { nonce: eds.nonce ?? '', version: eds.version_info ?? '' });
    const eds2 = await stream.next();

    // then CDS carries every subscribed cluster and EDS just the new one, at the same versions
    assert.deepEqual(names(cds2), ['a', 'b']);
    assert.equal(cds2.version_info, cds.version_info);
    assert.deepEqual(names(eds2), ['b']);
    assert.equal(eds2.version_info, eds.version_info);
  });

  it('does not resend to a reconnecting wildcard client that holds the current version', async () => {
    // given a client that got CDS on a first stream, which then closed
    cache.set('node-1', testSnapshot(resources()));
    const first = client.sotw('node-1');
    first.request(CDS, []);
    const response = await first.next();
    first.ack(response, []);
    await eventually(() => cache.stats('node-1')?.acks === 1);

    // when it reconnects announcing that version (nonce empty)
    const second = client.sotw('node-1');
    second.request(CDS, [], { version: response.version_info ?? '' });

    // then nothing is resent
    await second.nothingWithin(QUIET_MS);

    // but a client announcing an older version gets the current one
    const third = client.sotw('node-1');
    third.request(CDS, [], { version: 'some-older-version' });
    assert.equal((await third.next()).version_info, response.version_info);
  });

  it('resends to a reconnecting named subscription, which may name something it never received', async () => {
    // given the current EDS version
    const snapshot = testSnapshot(resources());
    cache.set('node-1', snapshot);

    // when a client reconnects with that version naming a and b (b may have been added just before the old stream broke)
    const stream = client.sotw('node-1');
    stream.request(EDS, ['a', 'b'], { version: snapshot.versions.get(EDS) ?? '' });

    // then both are sent
    assert.deepEqual(names(await stream.next()), ['a', 'b']);
  });

  it('remembers requested names that are missing, asks the provider once, and pushes them when they appear', async () => {
    // given a snapshot without b
    cache.set('node-1', testSnapshot(resources({ withB: false })));
    const stream = client.sotw('node-1');

    // when the client asks EDS for a and b
    stream.request(EDS, ['a', 'b']);
    const first = await stream.next();
    stream.ack(first, ['a', 'b']);

    // then it gets a, and the provider is asked for b
    assert.deepEqual(names(first), ['a']);
    await eventually(() => asked.length === 1);
    assert.deepEqual(
      asked.map(({ nodeId, typeUrl, names }) => ({ nodeId, typeUrl, names })),
      [{ nodeId: 'node-1', typeUrl: EDS, names: ['b'] }],
    );

    // when b appears in the node's snapshot, it is pushed (a, unchanged, is not)
    cache.set('node-1', testSnapshot(resources()));
    assert.deepEqual(names(await stream.next()), ['b']);
    // and the same ACK again does not ask the provider again
    assert.equal(asked.length, 1);
  });

  it('keeps at most one response in flight per type and sends the latest version after the ACK', async () => {
    // given a response the client has not ACKed yet
    cache.set('node-1', testSnapshot(resources()));
    const stream = client.sotw('node-1');
    stream.request(EDS, ['a']);
    const first = await stream.next();

    // when the snapshot changes twice meanwhile
    cache.set('node-1', testSnapshot(resources({ port: 8081 })));
    const latest = testSnapshot(resources({ port: 8082 }));
    cache.set('node-1', latest);

    // then nothing is sent until the ACK, and then only the latest version
    await stream.nothingWithin(QUIET_MS);
    stream.ack(first, ['a']);
    const next = await stream.next();
    assert.equal(next.version_info, latest.versions.get(EDS));
    await stream.nothingWithin(QUIET_MS);
  });

  it('pushes a change of several types in the order CDS, EDS, LDS, RDS', async () => {
    // given a client subscribed to all four types, each ACKed (subscribed in the reverse order)
    cache.set('node-1', testSnapshot(resources({ withB: false })));
    const stream = client.sotw('node-1');
    for (const [typeUrl, name] of [
      [RDS, 'route-a'],
      [LDS, 'a'],
      [EDS, 'a'],
      [CDS, 'a'],
    ] as const) {
      stream.request(typeUrl, [name]);
      stream.ack(await stream.next(), [name]);
    }
    await eventually(() => cache.stats('node-1')?.acks === 4);

    // when one snapshot changes every type
    cache.set(
      'node-1',
      testSnapshot({
        listeners: [grpcListener('a', 'route-a2')],
        routes: [routeTo('route-a', 'a2')],
        clusters: [edsCluster('a', 'a-v2')],
        endpoints: [loadAssignment('a', [{ address: '10.0.0.9', port: 8080 }])],
      }),
    );

    // then the responses come clusters first, then endpoints, listeners, routes
    const order: string[] = [];
    for (let i = 0; i < 4; i++) order.push((await stream.next()).type_url ?? '');
    assert.deepEqual(order, [CDS, EDS, LDS, RDS]);
  });

  it('tells a client that a named listener was deleted with an LDS response without it', async () => {
    cache.set('node-1', testSnapshot(resources()));
    const stream = client.sotw('node-1');
    stream.request(LDS, ['a', 'b']);
    stream.ack(await stream.next(), ['a', 'b']);

    cache.set('node-1', testSnapshot(resources({ withB: false })));

    assert.deepEqual(names(await stream.next()), ['a']);
  });

  it('takes the node id from the first request and needs it there', async () => {
    // given a stream whose first request has no node
    const stream = client.sotw('');
    stream.request(CDS, []);

    // then it is closed with INVALID_ARGUMENT
    await assert.rejects(stream.next(), /stream ended/);
    assert.equal(stream.ended?.code, status.INVALID_ARGUMENT);

    // and a stream that names its node first works with later requests that omit it
    cache.set('node-2', testSnapshot(resources()));
    const ok = client.sotw('node-2');
    ok.request(CDS, ['a']);
    const response = await ok.next();
    ok.ack(response, ['a']);
    ok.request(EDS, ['a']);
    assert.deepEqual(names(await ok.next()), ['a']);
  });

  it('forgets the node when its last stream closes', async () => {
    // given a node with two open streams
    cache.set('node-1', testSnapshot(resources()));
    const first = client.sotw('node-1');
    const second = client.sotw('node-1');
    first.request(CDS, []);
    second.request(CDS, []);
    await first.next();
    await second.next();
    assert.equal(cache.stats('node-1')?.streams, 2);

    // when one closes, the node stays; when both closed, it is gone
    first.cancel();
    await eventually(() => cache.stats('node-1')?.streams === 1);
    second.end();
    await eventually(() => cache.get('node-1') === undefined);
    assert.equal(server.openStreams, 0);
  });
});

describe('ADS server, state of the world, trusting every reconnect version', () => {
  it('does not resend to a reconnecting named subscription at the current version', async () => {
    // given a server told that its clients always subscribe to the same names
    const cache = new SnapshotCache();
    const server = new AdsServer({ cache, skipResendOnReconnect: 'all' });
    const client = new XdsTestClient(`127.0.0.1:${await server.start()}`);
    try {
      const snapshot = testSnapshot(resources());
      cache.set('node-1', snapshot);

      // when a client reconnects at the current EDS version, then nothing is resent
      const stream = client.sotw('node-1');
      stream.request(EDS, ['a', 'b'], { version: snapshot.versions.get(EDS) ?? '' });
      await stream.nothingWithin(QUIET_MS);

      // and a change afterwards is pushed as usual
      cache.set('node-1', testSnapshot(resources({ port: 8081 })));
      assert.deepEqual(names(await stream.next()), ['a']);
    } finally {
      client.close();
      await server.stop();
    }
  });
});
