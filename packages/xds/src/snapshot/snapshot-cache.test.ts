import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SnapshotCache } from './snapshot-cache.js';
import { edsCluster, loadAssignment, testSnapshot } from '../../test-support/snapshot-cache-fixtures.js';
import { TypeUrls, type XdsSnapshot } from './xds-snapshot.js';

const v1 = testSnapshot({ clusters: [edsCluster('a')], endpoints: [loadAssignment('a', [{ address: '10.0.0.1', port: 80 }])] });
const v2 = testSnapshot({ clusters: [edsCluster('a')], endpoints: [loadAssignment('a', [{ address: '10.0.0.2', port: 80 }])] });

describe('SnapshotCache', () => {
  it('hands a new snapshot to the streams of that node only', () => {
    // given two nodes, each with a stream
    const cache = new SnapshotCache();
    const seen: string[] = [];
    cache.watch('node-1', () => seen.push('node-1'));
    cache.watch('node-2', () => seen.push('node-2'));

    // when node-1 gets a snapshot
    cache.set('node-1', v1);

    // then only node-1's stream hears of it, and the cache holds it
    assert.deepEqual(seen, ['node-1']);
    assert.equal(cache.get('node-1'), v1);
    assert.equal(cache.get('node-2'), undefined);
  });

  it('does not push a snapshot whose versions equal the current one', () => {
    // given a node holding v1
    const cache = new SnapshotCache();
    const seen: XdsSnapshot[] = [];
    cache.watch('node-1', (s) => seen.push(s));
    cache.set('node-1', v1);

    // when the same content is set again (a rebuild with no change), then a changed one
    cache.set(
      'node-1',
      testSnapshot({ clusters: [edsCluster('a')], endpoints: [loadAssignment('a', [{ address: '10.0.0.1', port: 80 }])] }),
    );
    cache.set('node-1', v2);

    // then only the first and the changed snapshot were pushed
    assert.deepEqual(seen, [v1, v2]);
  });

  it('keeps a snapshot set before any stream, and hands it to the first watch', () => {
    const cache = new SnapshotCache();
    cache.set('node-1', v1);
    const watch = cache.watch('node-1', () => undefined);
    assert.equal(watch.snapshot, v1);
  });

  it('forgets a node, snapshot and counters, when its last stream closes', () => {
    // given a node with two streams and some traffic
    const cache = new SnapshotCache();
    const first = cache.watch('node-1', () => undefined);
    const second = cache.watch('node-1', () => undefined);
    cache.set('node-1', v1);
    cache.recordResponseSent('node-1', TypeUrls.Cluster, 'v1');

    // when one stream closes, the node stays
    first.cancel();
    first.cancel();
    assert.equal(cache.stats('node-1')?.streams, 1);
    assert.equal(cache.get('node-1'), v1);

    // when the last one closes, the node is gone; late records do not bring it back
    second.cancel();
    cache.recordAck('node-1', TypeUrls.Cluster, 'v1');
    assert.equal(cache.get('node-1'), undefined);
    assert.equal(cache.stats('node-1'), undefined);
    assert.deepEqual(cache.nodeIds(), []);
  });

  it('counts responses, ACKs and NACKs per type and keeps the last NACK', () => {
    // given a node with a stream
    const cache = new SnapshotCache();
    cache.watch('node-1', () => undefined);

    // when responses go out and come back ACKed and NACKed
    cache.recordResponseSent('node-1', TypeUrls.Cluster, 'c1');
    cache.recordAck('node-1', TypeUrls.Cluster, 'c1');
    cache.recordResponseSent('node-1', TypeUrls.ClusterLoadAssignment, 'e1');
    cache.recordResponseSent('node-1', TypeUrls.ClusterLoadAssignment, 'e2');
    const at = new Date();
    cache.recordNack('node-1', TypeUrls.ClusterLoadAssignment, { version: 'e2', nonce: '3', code: 14, message: 'bad address', at });
    const stats = cache.stats('node-1');

    // then the counters say so, per type and in total
    assert.ok(stats);
    assert.deepEqual(
      { sent: stats.responsesSent, acks: stats.acks, nacks: stats.nacks, streams: stats.streams },
      { sent: 3, acks: 1, nacks: 1, streams: 1 },
    );
    assert.deepEqual(stats.byType.get(TypeUrls.Cluster), {
      responsesSent: 1,
      acks: 1,
      nacks: 0,
      lastSentVersion: 'c1',
      lastAckedVersion: 'c1',
      lastNack: undefined,
    });
    assert.deepEqual(stats.byType.get(TypeUrls.ClusterLoadAssignment)?.lastNack, {
      version: 'e2',
      nonce: '3',
      code: 14,
      message: 'bad address',
      at,
    });

    // and the returned stats are a copy
    cache.recordAck('node-1', TypeUrls.Cluster, 'c1');
    assert.equal(stats.byType.get(TypeUrls.Cluster)?.acks, 1);
  });
});
