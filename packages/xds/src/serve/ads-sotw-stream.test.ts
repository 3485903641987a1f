import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { pino } from 'pino';
import { AdsSotwStream } from './ads-sotw-stream.js';
import { DiscoveryResponse, type DiscoveryRequest } from '../generated/envoy/service/discovery/v3/discovery.js';
import { SnapshotCache } from '../snapshot/snapshot-cache.js';
import { edsCluster, loadAssignment, testSnapshot } from '../../test-support/snapshot-cache-fixtures.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

/** A stand-in for grpc-js's server call whose `write()` reports a full buffer while `full` is set. */
class FakeCall extends EventEmitter {
  readonly written: DiscoveryResponse[] = [];
  full = false;
  writableEnded = false;
  destroyed = false;

  write(bytes: Buffer): boolean {
    this.written.push(DiscoveryResponse.decode(bytes));
    return !this.full;
  }

  end(): void {
    this.writableEnded = true;
  }

  getPeer(): string {
    return 'fake';
  }

  request(request: DiscoveryRequest): void {
    this.emit('data', request);
  }
}

const snapshot = (port: number) =>
  testSnapshot({ clusters: [edsCluster('a')], endpoints: [loadAssignment('a', [{ address: '10.0.0.1', port }])] });

describe('SotW ADS stream backpressure', () => {
  it('holds further responses while the transport is full and sends the current state on drain', () => {
    // given a stream whose transport buffer fills on the first write
    const cache = new SnapshotCache();
    cache.set('node-1', snapshot(8080));
    const call = new FakeCall();
    const stream = new AdsSotwStream(
      call as unknown as ServerDuplexStream<DiscoveryRequest, Buffer>,
      {
        cache,
        logger: pino({ level: 'silent' }),
        callbacks: {},
        provider: undefined,
        skipResendOnReconnect: 'wildcard',
        maxNodeMetadataBytes: 256 * 1024,
        authenticate: undefined,
      },
      'sotw',
      () => undefined,
    );
    stream.start();
    call.full = true;
    call.request({ node: { id: 'node-1' }, type_url: TypeUrls.ClusterLoadAssignment, resource_names: ['a'] });
    assert.equal(call.written.length, 1);

    // when another type is requested and the snapshot changes while the buffer is full
    call.request({ type_url: TypeUrls.Cluster, resource_names: ['a'] });
    const first = call.written[0];
    call.request({
      type_url: TypeUrls.ClusterLoadAssignment,
      resource_names: ['a'],
      version_info: first?.version_info ?? '',
      response_nonce: first?.nonce ?? '',
    });
    const latest = snapshot(8082);
    cache.set('node-1', snapshot(8081));
    cache.set('node-1', latest);

    // then nothing more is written
    assert.equal(call.written.length, 1);

    // when the transport drains, the pending types go out, CDS before EDS, at the latest version
    call.full = false;
    call.emit('drain');
    assert.deepEqual(
      call.written.slice(1).map((r) => [r.type_url, r.version_info]),
      [
        [TypeUrls.Cluster, latest.versions.get(TypeUrls.Cluster)],
        [TypeUrls.ClusterLoadAssignment, latest.versions.get(TypeUrls.ClusterLoadAssignment)],
      ],
    );
    stream.close();
    assert.deepEqual(cache.nodeIds(), []);
  });
});
