import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AdsServer } from './ads-server.js';
import type { DeltaDiscoveryResponse } from '../generated/envoy/service/discovery/v3/discovery.js';
import { SnapshotCache } from '../snapshot/snapshot-cache.js';
import { edsCluster, grpcListener, loadAssignment, testSnapshot } from '../../test-support/snapshot-cache-fixtures.js';
import { TypeUrls, type XdsSnapshot } from '../snapshot/xds-snapshot.js';
import { XdsTestClient } from '../../test-support/xds-test-client.js';

const EDS = TypeUrls.ClusterLoadAssignment;
const LDS = TypeUrls.Listener;
const QUIET_MS = 250;

/** Load assignments by name → port. */
function endpoints(ports: Readonly<Record<string, number>>, listeners: readonly string[] = []): XdsSnapshot {
  return testSnapshot({
    listeners: listeners.map((name) => grpcListener(name, name)),
    clusters: Object.keys(ports).map((name) => edsCluster(name)),
    endpoints: Object.entries(ports).map(([name, port]) => loadAssignment(name, [{ address: '10.0.0.1', port }])),
  });
}

function sent(response: DeltaDiscoveryResponse): Record<string, string> {
  return Object.fromEntries((response.resources ?? []).map((r) => [r.name ?? '', r.version ?? '']));
}

function versionOf(snapshot: XdsSnapshot, name: string): string {
  return snapshot.resources.get(EDS)?.get(name)?.version ?? '';
}

describe('ADS server, incremental (delta)', () => {
  let cache: SnapshotCache;
  let server: AdsServer;
  let client: XdsTestClient;

  beforeEach(async () => {
    cache = new SnapshotCache();
    server = new AdsServer({ cache });
    client = new XdsTestClient(`127.0.0.1:${await server.start()}`);
    await client.ready();
  });

  afterEach(async () => {
    client.close();
    await server.stop();
  });

  it('sends subscribed resources with their own versions, and nothing after the ACK', async () => {
    // given a node with a and b
    const snapshot = endpoints({ a: 8080, b: 9090 });
    cache.set('node-1', snapshot);
    const stream = client.delta('node-1');

    // when the client subscribes to a
    stream.request(EDS, { subscribe: ['a'] });
    const response = await stream.next();

    // then it gets a at a's version; after the ACK nothing more
    assert.deepEqual(sent(response), { a: versionOf(snapshot, 'a') });
    assert.deepEqual(response.removed_resources, []);
    stream.ack(response);
    await stream.nothingWithin(QUIET_MS);
    assert.equal(cache.stats('node-1')?.byType.get(EDS)?.acks, 1);
  });

  it('honours initial_resource_versions: a reconnecting client gets only what it lacks', async () => {
    // given a node with a and b
    const snapshot = endpoints({ a: 8080, b: 9090 });
    cache.set('node-1', snapshot);
    const stream = client.delta('node-1');

    // when a client reconnects holding a's current version and an old b
    stream.request(EDS, { subscribe: ['a', 'b'], initialVersions: { a: versionOf(snapshot, 'a'), b: 'old' } });

    // then only b is sent
    const response = await stream.next();
    assert.deepEqual(sent(response), { b: versionOf(snapshot, 'b') });
    stream.ack(response);
    await stream.nothingWithin(QUIET_MS);
  });

  it('follows subscribe and unsubscribe, and answers a new subscribe even for a resource the client holds', async () => {
    // given a client subscribed to a and b
    cache.set('node-1', endpoints({ a: 8080, b: 9090 }));
    const stream = client.delta('node-1');
    stream.request(EDS, { subscribe: ['a', 'b'] });
    stream.ack(await stream.next());

    // when it unsubscribes b, a change of b is not sent, a change of a is
    stream.request(EDS, { unsubscribe: ['b'] });
    await stream.nothingWithin(QUIET_MS);
    cache.set('node-1', endpoints({ a: 8080, b: 9091 }));
    await stream.nothingWithin(QUIET_MS);
    const changed = endpoints({ a: 8081, b: 9091 });
    cache.set('node-1', changed);
    const response = await stream.next();
    assert.deepEqual(sent(response), { a: versionOf(changed, 'a') });
    stream.ack(response);

    // when it subscribes to a again (it may have dropped it), a is resent
    stream.request(EDS, { subscribe: ['a'] });
    assert.deepEqual(sent(await stream.next()), { a: versionOf(changed, 'a') });
  });

  it('reports removed resources, and names that do not exist', async () => {
    // given a client subscribed to a and to c, which does not exist
    cache.set('node-1', endpoints({ a: 8080, b: 9090 }));
    const stream = client.delta('node-1');
    stream.request(EDS, { subscribe: ['a', 'c'] });
    const first = await stream.next();
    assert.deepEqual(sent(first), { a: versionOf(endpoints({ a: 8080 }), 'a') });
    assert.deepEqual(first.removed_resources, ['c']);
    stream.ack(first);

    // when a leaves the snapshot, it is removed; when c appears, it is sent
    cache.set('node-1', endpoints({ b: 9090 }));
    const removal = await stream.next();
    assert.deepEqual(removal.removed_resources, ['a']);
    assert.deepEqual(sent(removal), {});
    stream.ack(removal);
    const withC = endpoints({ b: 9090, c: 7070 });
    cache.set('node-1', withC);
    assert.deepEqual(sent(await stream.next()), { c: versionOf(withC, 'c') });
  });

  it('treats an empty first LDS subscribe as wildcard and sends only what changed', async () => {
    // given a wildcard LDS client that received both listeners
    cache.set('node-1', endpoints({}, ['l1', 'l2']));
    const stream = client.delta('node-1');
    stream.request(LDS);
    const first = await stream.next();
    assert.deepEqual(Object.keys(sent(first)).sort(), ['l1', 'l2']);
    stream.ack(first);

    // when a third listener is added and l1 removed
    cache.set('node-1', endpoints({}, ['l2', 'l3']));

    // then only l3 is sent, and l1 is removed
    const next = await stream.next();
    assert.deepEqual(Object.keys(sent(next)), ['l3']);
    assert.deepEqual(next.removed_resources, ['l1']);
  });

  it('counts a NACK and does not resend the rejected versions', async () => {
    cache.set('node-1', endpoints({ a: 8080 }));
    const stream = client.delta('node-1');
    stream.request(EDS, { subscribe: ['a'] });
    const response = await stream.next();

    stream.nack(response, 'rejected');

    await stream.nothingWithin(QUIET_MS);
    const stats = cache.stats('node-1')?.byType.get(EDS);
    assert.equal(stats?.nacks, 1);
    assert.equal(stats?.lastNack?.message, 'rejected');
    assert.equal(stats?.lastNack?.nonce, response.nonce);
  });

  it('applies a subscription change even when it carries a stale nonce', async () => {
    // given a response in flight
    cache.set('node-1', endpoints({ a: 8080, b: 9090 }));
    const stream = client.delta('node-1');
    stream.request(EDS, { subscribe: ['a'] });
    const first = await stream.next();
    stream.ack(first);
    cache.set('node-1', endpoints({ a: 8081, b: 9090 }));
    const second = await stream.next();

    // when a request with the older nonce subscribes to b
    stream.request(EDS, { subscribe: ['b'], nonce: first.nonce ?? '' });
    await sleep(50);

    // then after the ACK of the current response, b is sent
    stream.ack(second);
    assert.deepEqual(Object.keys(sent(await stream.next())), ['b']);
  });
});
