import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, Metadata, credentials } from '@grpc/grpc-js';
import { pino } from 'pino';
import { type AdsCallbacks, AdsServer, DELTA_ADS_PATH, SOTW_ADS_PATH, SnapshotCache, TypeUrls } from '@kumiko/xds';
import { XdsTestClient, edsCluster, loadAssignment, testSnapshot } from '@kumiko/xds/test-support';
import { MetadataRecordingAdsServer } from '../test-support/metadata-recording-ads-server.js';
import { AdsRelay } from './ads-relay.js';

const EDS = TypeUrls.ClusterLoadAssignment;

describe('AdsRelay', () => {
  const cache = new SnapshotCache();
  const events: string[] = [];
  const callbacks: AdsCallbacks = {
    streamOpened: ({ nodeId, kind }) => events.push(`opened ${kind} ${nodeId}`),
    streamClosed: ({ nodeId, kind }) => events.push(`closed ${kind} ${nodeId}`),
  };
  const server = new AdsServer({ cache, callbacks });
  let relay: AdsRelay;
  let client: XdsTestClient;

  before(async () => {
    // one node per stream-closing test: the cache forgets a node when its last stream closes
    for (const node of ['m.app-1', 'm.app-3'])
      cache.set(
        node,
        testSnapshot({ clusters: [edsCluster('backend')], endpoints: [loadAssignment('backend', [{ address: '10.0.0.1', port: 80 }])] }),
      );
    const upstream = await server.start('127.0.0.1:0');
    relay = new AdsRelay({ upstream: `127.0.0.1:${upstream}`, logger: pino({ level: 'silent' }) });
    client = new XdsTestClient(`127.0.0.1:${await relay.start({ host: '127.0.0.1', port: 0 })}`);
    await client.ready();
  });
  after(async () => {
    client.close();
    relay.stop();
    await server.stop();
  });

  /** Waits until the CP reported `expected`. */
  async function eventually(expected: string): Promise<void> {
    for (let i = 0; i < 100 && !events.includes(expected); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(events.includes(expected), `${expected} in ${JSON.stringify(events)}`);
  }

  it('given a state-of-the-world stream, when the app subscribes and ACKs, then the CP answers it through the relay and the cancel reaches the CP', async () => {
    const stream = client.sotw('m.app-1');
    stream.request(EDS, ['backend']);
    const response = await stream.next(5_000);
    assert.equal(response.type_url, EDS);
    assert.deepEqual(
      response.resources?.map((any) => any.type_url),
      [EDS],
    );
    stream.ack(response, ['backend']);
    await stream.nothingWithin(200);
    stream.cancel();
    await eventually('closed sotw m.app-1');
  });

  it('given a delta stream, when the app subscribes, then it gets the resource with its version through the relay; its half-close ends the CP stream', async () => {
    const stream = client.delta('m.app-3');
    stream.request(EDS, { subscribe: ['backend'] });
    const response = await stream.next(5_000);
    assert.deepEqual(
      response.resources?.map((resource) => [resource.name, resource.version]),
      [['backend', cache.get('m.app-3')?.resources.get(EDS)?.get('backend')?.version]],
    );
    stream.end();
    await eventually('closed delta m.app-3');
  });

  it('given the relay stops, when a stream is open, then the app sees it end and the CP sees it close', async () => {
    const stream = client.sotw('m.app-2');
    stream.request(EDS, ['backend']);
    await eventually('opened sotw m.app-2');
    relay.stop();
    await eventually('closed sotw m.app-2');
    for (let i = 0; i < 100 && stream.ended === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(stream.ended?.code, 14); // UNAVAILABLE
  });
});

describe('AdsRelay authorization', () => {
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJOYW1lIjoiYXBwLTEifQ.c2ln';
  const bytes = (value: Buffer): Buffer => value;

  /** Opens a stream to the relay as the app would, with `authorization` metadata when given; the caller cancels it. */
  function appStream(client: Client, path: string, authorization: string | undefined) {
    const metadata = new Metadata();
    if (authorization !== undefined) metadata.set('authorization', authorization);
    const call = client.makeBidiStreamRequest(path, bytes, bytes, metadata);
    call.on('error', () => undefined);
    call.write(Buffer.alloc(0));
    return call;
  }

  const cases: [string, string | undefined, string[]][] = [
    ["kumiko-dp's token replaces the app's", TOKEN, [TOKEN]],
    ["without a token of kumiko-dp's, the app's is still not forwarded", undefined, []],
  ];
  for (const [what, token, expected] of cases) {
    it(`given an app that sends its own authorization on SotW and delta streams, when relayed, then upstream: ${what}`, async () => {
      const cp = new MetadataRecordingAdsServer();
      const relay = new AdsRelay({ upstream: await cp.start(), token, logger: pino({ level: 'silent' }) });
      const app = new Client(`127.0.0.1:${await relay.start({ host: '127.0.0.1', port: 0 })}`, credentials.createInsecure());
      const calls = [
        appStream(app, SOTW_ADS_PATH, 'app-supplied'),
        appStream(app, DELTA_ADS_PATH, 'app-supplied'),
        appStream(app, SOTW_ADS_PATH, undefined),
      ];
      try {
        const streams = await cp.waitForStreams(3);
        assert.deepEqual(
          streams.map((stream) => stream.authorization),
          [expected, expected, expected],
        );
        assert.deepEqual(new Set(streams.map((stream) => stream.path)), new Set([SOTW_ADS_PATH, DELTA_ADS_PATH]));
      } finally {
        for (const call of calls) call.cancel();
        app.close();
        relay.stop();
        cp.stop();
      }
    });
  }
});
