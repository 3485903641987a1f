import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { AdsStreamCredentials } from './ads-authenticator.js';
import { AdsServer, type AdsServerOptions } from './ads-server.js';
import { SnapshotCache } from '../snapshot/snapshot-cache.js';
import { edsCluster, loadAssignment, testSnapshot } from '../../test-support/snapshot-cache-fixtures.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';
import { XdsTestClient } from '../../test-support/xds-test-client.js';

const CDS = TypeUrls.Cluster;
const EDS = TypeUrls.ClusterLoadAssignment;

function snapshot() {
  return testSnapshot({
    listeners: [],
    routes: [],
    clusters: [edsCluster('a')],
    endpoints: [loadAssignment('a', [{ address: '10.0.0.1', port: 8080 }])],
  });
}

/** A promise with its resolve and reject exposed, to hold an authenticator's verdict. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('ADS server: stream authentication and node-id pinning', () => {
  let server: AdsServer | undefined;
  let client: XdsTestClient | undefined;
  const opened: string[] = [];
  const closed: string[] = [];

  async function serve(options: Partial<AdsServerOptions> = {}): Promise<{ cache: SnapshotCache; client: XdsTestClient }> {
    const cache = new SnapshotCache();
    cache.set('node-1', snapshot());
    opened.length = 0;
    closed.length = 0;
    server = new AdsServer({
      cache,
      callbacks: { streamOpened: ({ nodeId }) => opened.push(nodeId), streamClosed: ({ nodeId }) => closed.push(nodeId) },
      ...options,
    });
    const port = await server.start();
    client = new XdsTestClient(`127.0.0.1:${port}`);
    return { cache, client };
  }

  afterEach(async () => {
    client?.close();
    await server?.stop();
  });

  for (const flavour of ['sotw', 'delta'] as const) {
    it(`${flavour}: given an authenticator that refuses, then the stream ends UNAUTHENTICATED with its reason, unopened`, async () => {
      const seen: AdsStreamCredentials[] = [];
      const { client } = await serve({
        authenticate: (stream) => {
          seen.push(stream);
          return Promise.reject(new Error('token is revoked'));
        },
      });
      const headers = { authorization: 'jwt-1' };
      let stream;
      if (flavour === 'sotw') {
        stream = client.sotw('node-1', headers);
        stream.request(CDS, []);
      } else {
        stream = client.delta('node-1', headers);
        stream.request(CDS);
      }
      await assert.rejects(stream.next(), /stream ended/);
      assert.equal(stream.ended?.code, status.UNAUTHENTICATED);
      assert.equal(stream.ended?.details, 'authentication failed: token is revoked');
      assert.equal(seen.length, 1);
      assert.equal(seen[0]?.nodeId, 'node-1');
      assert.equal(seen[0]?.kind, flavour);
      assert.deepEqual(seen[0]?.metadata.get('authorization'), ['jwt-1']);
      assert.deepEqual(opened, []);
      assert.deepEqual(closed, []);
    });

    it(`${flavour}: given requests sent while the authenticator decides, then nothing is sent until it admits, then all are served in order`, async () => {
      const verdict = deferred();
      let calls = 0;
      const { client } = await serve({
        authenticate: () => {
          calls++;
          return verdict.promise;
        },
      });
      if (flavour === 'sotw') {
        const stream = client.sotw('node-1');
        stream.request(CDS, []);
        stream.request(EDS, ['a']);
        await stream.nothingWithin(200);
        assert.deepEqual(opened, []);
        verdict.resolve();
        assert.equal((await stream.next()).type_url, CDS);
        assert.equal((await stream.next()).type_url, EDS);
      } else {
        const stream = client.delta('node-1');
        stream.request(CDS, { subscribe: ['*'] });
        stream.request(EDS, { subscribe: ['a'] });
        await stream.nothingWithin(200);
        assert.deepEqual(opened, []);
        verdict.resolve();
        assert.equal((await stream.next()).type_url, CDS);
        assert.equal((await stream.next()).type_url, EDS);
      }
      assert.equal(calls, 1);
      assert.deepEqual(opened, ['node-1']);
    });

    it(`${flavour}: given an open stream, when a later request names another node id, then the stream ends with Kuma's message`, async () => {
      const { client } = await serve({ authenticate: () => Promise.resolve() });
      const expected =
        'stream was authenticated for ID node-1. Received request is for node with ID node-2. Node ID cannot be changed after stream is initialized';
      if (flavour === 'sotw') {
        const stream = client.sotw('node-1');
        stream.request(CDS, []);
        const response = await stream.next();
        // the same node repeated is fine
        stream.send({ type_url: EDS, resource_names: ['a'], version_info: '', response_nonce: '', node: { id: 'node-1' } });
        assert.equal((await stream.next()).type_url, EDS);
        stream.send({
          type_url: CDS,
          resource_names: [],
          version_info: response.version_info ?? '',
          response_nonce: response.nonce ?? '',
          node: { id: 'node-2' },
        });
        await assert.rejects(stream.next(), /stream ended/);
        assert.equal(stream.ended?.code, status.INVALID_ARGUMENT);
        assert.equal(stream.ended?.details, expected);
      } else {
        const stream = client.delta('node-1');
        stream.request(CDS, { subscribe: ['*'] });
        await stream.next();
        stream.send({ type_url: EDS, resource_names_subscribe: ['a'], node: { id: 'node-2' } });
        await assert.rejects(stream.next(), /stream ended/);
        assert.equal(stream.ended?.details, expected);
      }
      assert.deepEqual(closed, ['node-1']);
    });
  }

  it('given no authenticator, then a node-id change still ends the stream (pinning does not depend on authentication)', async () => {
    const { client } = await serve();
    const stream = client.sotw('node-1');
    stream.request(CDS, []);
    await stream.next();
    stream.send({ type_url: EDS, resource_names: ['a'], version_info: '', response_nonce: '', node: { id: 'node-2' } });
    await assert.rejects(stream.next(), /stream ended/);
    assert.match(stream.ended?.details ?? '', /^stream was authenticated for ID node-1\. Received request is for node with ID node-2\./);
  });

  it('given an authenticator that throws synchronously, then the stream is refused the same way', async () => {
    const { client } = await serve({
      authenticate: () => {
        throw new Error('boom');
      },
    });
    const stream = client.sotw('node-1');
    stream.request(CDS, []);
    await assert.rejects(stream.next(), /stream ended/);
    assert.equal(stream.ended?.code, status.UNAUTHENTICATED);
    assert.equal(stream.ended?.details, 'authentication failed: boom');
  });

  it('given a client that floods requests while it is authenticated, then the stream ends instead of queueing them all', async () => {
    const { client } = await serve({ authenticate: () => new Promise<void>(() => undefined) });
    const stream = client.sotw('node-1');
    for (let i = 0; i < 70; i++) stream.request(CDS, [`name-${i}`]);
    await assert.rejects(stream.next(), /stream ended/);
    assert.equal(stream.ended?.code, status.RESOURCE_EXHAUSTED);
    assert.deepEqual(opened, []);
  });

  it('given a client that cancels while it is authenticated, then it is never opened', async () => {
    const verdict = deferred();
    const { client } = await serve({ authenticate: () => verdict.promise });
    const stream = client.sotw('node-1');
    stream.request(CDS, []);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stream.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
    verdict.resolve();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(opened, []);
    assert.deepEqual(closed, []);
    assert.equal(server?.openStreams, 0);
  });
});
