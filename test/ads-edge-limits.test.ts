/**
 * Oversized and NUL-carrying input at the zone CP's ADS edge, over real gRPC to a real zone CP on real NATS: a
 * megabyte NACK detail is cut before it is logged or stored (the insight keeps updating), node metadata over the
 * limit is refused once with INVALID_ARGUMENT (nothing is registered or retried), and a resource with a NUL in its
 * metadata is not registered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { ensureStream } from '@kumiko/bus';
import { globalStream, SubjectKinds, zonesStream } from '@kumiko/events';
import { type NatsServer, OPEN_PLAINTEXT_DP_SERVER, startNats, waitFor } from '@kumiko/testing';
import { DEFAULT_MAX_NODE_METADATA_BYTES, MAX_NACK_DETAIL_CHARS, TypeUrls } from '@kumiko/xds';
import { XdsTestClient } from '@kumiko/xds/test-support';
import type { ZoneControlPlane } from '@kumiko/zone-cp';
import { publishMesh, startZoneInProcess } from './zone-cp-fixtures.js';

function resource(name: string, tags: Record<string, string> = {}, labels: Record<string, string> = {}): Record<string, unknown> {
  return {
    type: 'Dataplane',
    mesh: 'default',
    name,
    labels,
    networking: { address: '127.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', ...tags } }] },
  };
}

function metadata(body: unknown): Record<string, unknown> {
  return { 'dataplane.resource': JSON.stringify(body), 'dataplane.proxyType': 'dataplane' };
}

interface LastNack {
  readonly message: string;
}

describe('limits at the ADS edge', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let zone: ZoneControlPlane;
  let api: string;
  let client: XdsTestClient;

  const dataplaneStatus = async (name: string): Promise<number> => (await fetch(`${api}/meshes/default/dataplanes/${name}`)).status;

  before(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, zonesStream());
    await ensureStream(jsm, globalStream());
    await publishMesh(nc, 'default');
    zone = await startZoneInProcess('zone-1', nats.url, {
      ...OPEN_PLAINTEXT_DP_SERVER, // these limits are the ADS server's own; TLS and tokens are tested elsewhere
      KUMA_XDS_SERVER_DATAPLANE_STATUS_FLUSH_INTERVAL: '200ms',
    });
    api = zone.url.replace('0.0.0.0', '127.0.0.1');
    await waitFor('mesh in the replica', () => zone.replica.get(SubjectKinds.Mesh, 'default'));
    client = new XdsTestClient(`127.0.0.1:${zone.xdsPort() ?? 0}`);
  });

  after(async () => {
    client?.close();
    await zone?.stop();
    await nc?.close();
    await nats?.stop();
  });

  it('given a 1.2 MB NACK detail, then the insight records it cut to the limit and keeps updating', async () => {
    const stream = client.sotw('default.nack-1');
    stream.send({
      type_url: TypeUrls.Cluster,
      resource_names: [],
      version_info: '',
      response_nonce: '',
      node: { metadata: metadata(resource('nack-1')) },
    });
    try {
      const clusters = await stream.next(10_000);
      stream.nack(clusters, [], `bad cluster: ${'x'.repeat(1_200_000)}`);
      const lastNack = await waitFor(
        'the NACK in the insight',
        async () => {
          const response = await fetch(`${api}/meshes/default/dataplanes/nack-1/_overview`);
          if (response.status !== 200) return undefined;
          const body = (await response.json()) as { dataplaneInsight?: { metadata?: { lastNack?: LastNack } } };
          return body.dataplaneInsight?.metadata?.lastNack;
        },
        { timeoutMs: 10_000 },
      );
      assert.ok(lastNack.message.startsWith('bad cluster: xxx'));
      assert.ok(lastNack.message.length < MAX_NACK_DETAIL_CHARS + 100, `kept ${lastNack.message.length} characters`);
      assert.match(lastNack.message, /truncated; 1200013 characters in all/);
    } finally {
      stream.cancel();
    }
  });

  it('given node metadata over the limit, then the stream is refused with INVALID_ARGUMENT naming the limit, and nothing is registered', async () => {
    const huge = resource('huge', { filler: 'y'.repeat(3_000_000) });
    const stream = client.sotw('default.huge');
    stream.send({
      type_url: TypeUrls.Cluster,
      resource_names: [],
      version_info: '',
      response_nonce: '',
      node: { metadata: metadata(huge) },
    });
    await assert.rejects(stream.next(10_000), /stream ended/);
    assert.equal(stream.ended?.code, 3);
    assert.match(stream.ended?.details ?? '', new RegExp(`too large: \\d+ bytes, the limit is ${DEFAULT_MAX_NODE_METADATA_BYTES} bytes`));
    assert.equal(await dataplaneStatus('huge'), 404);
  });

  it('given a NUL in the resource of the node metadata, then it is not registered, while a clean one is', async () => {
    const dirty = client.sotw('default.nul-1');
    dirty.send({
      type_url: TypeUrls.Cluster,
      resource_names: [],
      version_info: '',
      response_nonce: '',
      node: { metadata: metadata(resource('nul-1', {}, { team: 'a\u0000b' })) },
    });
    const clean = client.sotw('default.clean-1');
    clean.send({
      type_url: TypeUrls.Cluster,
      resource_names: [],
      version_info: '',
      response_nonce: '',
      node: { metadata: metadata(resource('clean-1')) },
    });
    try {
      await waitFor('the clean one registered', async () => ((await dataplaneStatus('clean-1')) === 200 ? true : undefined), {
        timeoutMs: 10_000,
      });
      assert.equal(await dataplaneStatus('nul-1'), 404);
      assert.equal(zone.store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'nul-1' }), undefined);
    } finally {
      dirty.cancel();
      clean.cancel();
    }
  });
});
