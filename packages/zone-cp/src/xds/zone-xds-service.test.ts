import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeDataplane, decodeMesh, type Dataplane } from '@kumiko/api';
import { createMeshView, TypeUrls, type MeshView } from '@kumiko/xds';
import { XdsTestClient } from '@kumiko/xds/test-support';
import { waitFor } from '@kumiko/testing';
import { ZoneXdsService, type MeshViewSource } from './zone-xds-service.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const mesh = must(decodeMesh({ type: 'Mesh', name: 'default' }));
function dataplane(name: string, port: number): Dataplane {
  return must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: 'default',
      name,
      networking: { address: '10.0.0.1', inbound: [{ port, tags: { 'kuma.io/service': name, 'kuma.io/zone': 'zone-1' } }] },
    }),
  );
}

/** A view source the test drives by hand. */
class ManualViews implements MeshViewSource {
  private readonly listeners = new Set<(view: MeshView) => void>();
  view: MeshView;
  constructor(dataplanes: readonly Dataplane[]) {
    this.view = createMeshView({ zone: 'zone-1', meshes: [mesh], dataplanes });
  }
  current(): MeshView {
    return this.view;
  }
  onView(listener: (view: MeshView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  publish(dataplanes: readonly Dataplane[]): void {
    this.view = createMeshView({ zone: 'zone-1', meshes: [mesh], dataplanes });
    for (const listener of this.listeners) listener(this.view);
  }
}

describe('ZoneXdsService, sidecar proxies', () => {
  const web = dataplane('web-1', 8080);
  const api = dataplane('api-1', 9090);
  const views = new ManualViews([web, api]);
  const service = new ZoneXdsService(views);
  let client: XdsTestClient;

  before(async () => {
    const port = await service.start({ host: '127.0.0.1', port: 0 });
    client = new XdsTestClient(`127.0.0.1:${port}`);
    await client.ready();
  });
  after(async () => {
    client.close();
    await service.stop();
  });

  it('given a Dataplane connecting with its proxy id, then it gets its listeners; an unchanged view pushes nothing; its own change pushes', async () => {
    const stream = client.sotw('default.web-1');
    stream.request(TypeUrls.Listener, []);
    const first = await stream.next();
    assert.ok((first.resources ?? []).length > 0, 'the inbound listener');
    stream.ack(first, []);
    const snapshot = service.cache.get('default.web-1');
    assert.ok(snapshot);

    views.publish([web, api]); // a new view, same resource objects
    await stream.nothingWithin(200);
    assert.equal(service.cache.get('default.web-1'), snapshot, 'not regenerated');

    views.publish([dataplane('web-1', 8081), api]);
    const second = await stream.next();
    assert.notEqual(second.version_info, first.version_info);
    assert.notEqual(service.cache.get('default.web-1'), snapshot);

    stream.cancel();
    await waitFor('the node forgotten', () => (service.connectedNodes().length === 0 ? true : undefined), { timeoutMs: 2_000 });
    assert.equal(service.cache.get('default.web-1'), undefined);
  });

  it('given a node id that names no proxy and asks for nothing by name, then it gets no snapshot', async () => {
    const stream = client.sotw('default.unknown');
    stream.request(TypeUrls.Cluster, []);
    await stream.nothingWithin(200);
    assert.equal(service.cache.get('default.unknown'), undefined);
    stream.cancel();
  });
});
