import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@kumiko/testing';
import { decodeDataplane, decodeDataplaneInsight, decodeMesh, decodeZoneIngress, type Dataplane, type ZoneIngress } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import type { MeshView } from '@kumiko/xds';
import { FakeGlobalReplica, FakeZoneStore } from '../../test-support/fake-zone-state.js';
import { buildZoneMeshView, ZoneMeshViewBuilder } from './zone-mesh-view-builder.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const mesh = must(decodeMesh({ type: 'Mesh', name: 'default' }));
function dataplane(name: string, port = 8080, labels: Record<string, string> = {}): Dataplane {
  return must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: 'default',
      name,
      labels,
      networking: { address: '10.0.0.1', inbound: [{ port, tags: { 'kuma.io/service': 'backend', 'kuma.io/zone': 'zone-1' } }] },
    }),
  );
}
function ingress(name: string, zone = ''): ZoneIngress {
  return must(
    decodeZoneIngress({
      type: 'ZoneIngress',
      name,
      zone,
      networking: { address: '10.0.0.9', port: 10001, advertisedAddress: '1.2.3.4', advertisedPort: 10001 },
    }),
  );
}

function given(): { store: FakeZoneStore; replica: FakeGlobalReplica } {
  const store = new FakeZoneStore();
  const replica = new FakeGlobalReplica();
  replica.put(SubjectKinds.Mesh, mesh);
  store.put(SubjectKinds.Dataplane, dataplane('web-1'));
  store.put(SubjectKinds.ZoneIngress, ingress('zi-local'));
  replica.put(SubjectKinds.ZoneIngress, ingress('zi-local-synced', 'zone-1'), 'zone-1');
  replica.put(SubjectKinds.ZoneIngress, ingress('zi-remote', 'zone-2'), 'zone-2');
  replica.put(SubjectKinds.ZoneIngress, ingress('zi-unpinned'), 'zone-3');
  return { store, replica };
}

describe('buildZoneMeshView', () => {
  it('given zone state and a replica, then meshes and remote ingresses come from the replica and the rest from the store', () => {
    const { store, replica } = given();
    const view = buildZoneMeshView('zone-1', store, replica);
    assert.deepEqual([...view.meshes.keys()], ['default']);
    assert.deepEqual(
      view.dataplanes.map((dp) => dp.name),
      ['web-1'],
    );
    assert.deepEqual(
      view.zoneIngresses.map((zi) => zi.name),
      ['zi-local'],
    );
    assert.deepEqual(
      view.remoteZoneIngresses.map((zi) => [zi.name, zi.zone]),
      [
        ['zi-remote', 'zone-2'],
        ['zi-unpinned', 'zone-3'],
      ],
    );
  });

  it('given an unchanged resource, then successive views hold the very same object', () => {
    const { store, replica } = given();
    const first = buildZoneMeshView('zone-1', store, replica);
    store.put(SubjectKinds.Dataplane, dataplane('web-2'));
    const second = buildZoneMeshView('zone-1', store, replica);
    assert.notEqual(first, second);
    assert.equal(second.dataplanes[0], first.dataplanes[0]);
    assert.equal(second.meshes.get('default'), first.meshes.get('default'));
    assert.equal(second.remoteZoneIngresses[0], first.remoteZoneIngresses[0]);
    assert.equal(second.remoteZoneIngresses[1], first.remoteZoneIngresses[1], 'a pinned copy is memoised');
  });
});

const permissive = must(
  decodeMesh({
    type: 'Mesh',
    name: 'default',
    mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin', mode: 'PERMISSIVE' }] },
  }),
);
function insight(name: string, issuedBackend: string | undefined, responsesSent = 0) {
  return must(
    decodeDataplaneInsight({
      type: 'DataplaneInsight',
      mesh: 'default',
      name,
      subscriptions: [{ id: 's', controlPlaneInstanceId: 'cp', connectTime: '2026-01-01T00:00:00Z', status: { total: { responsesSent } } }],
      ...(issuedBackend === undefined ? {} : { mTLS: { issuedBackend, supportedBackends: [issuedBackend] } }),
    }),
  );
}

describe('buildZoneMeshView: the ServiceInsight counts of a PERMISSIVE mesh', () => {
  it('given two Dataplanes of backend, one holding a ca-1 certificate, then backend counts 2 Dataplanes and ca-1 once', () => {
    const { store, replica } = given();
    replica.put(SubjectKinds.Mesh, permissive);
    store.put(SubjectKinds.Dataplane, dataplane('web-2'));
    store.put(SubjectKinds.DataplaneInsight, insight('web-1', 'ca-1'));
    store.put(SubjectKinds.DataplaneInsight, insight('web-2', undefined));
    const facts = buildZoneMeshView('zone-1', store, replica).serviceInsights.get('default')?.get('backend');
    assert.deepEqual(facts, { dataplanes: { total: 2, online: 2, offline: 0 }, issuedBackends: { 'ca-1': 1 } });
  });

  it('given a proxyless app’s Dataplane holding a ca-1 certificate, then it is not counted as holding one (its XdsServer stays plaintext)', () => {
    const { store, replica } = given();
    replica.put(SubjectKinds.Mesh, permissive);
    store.put(SubjectKinds.Dataplane, dataplane('web-1', 8080, { 'kumiko.io/proxyless': 'true' }));
    store.put(SubjectKinds.DataplaneInsight, insight('web-1', 'ca-1'));
    const facts = buildZoneMeshView('zone-1', store, replica).serviceInsights.get('default')?.get('backend');
    assert.deepEqual(facts, { dataplanes: { total: 1, online: 1, offline: 0 }, issuedBackends: {} });
  });

  it('given a STRICT or plaintext mesh, then nothing is counted', () => {
    const { store, replica } = given();
    store.put(SubjectKinds.DataplaneInsight, insight('web-1', 'ca-1'));
    assert.equal(buildZoneMeshView('zone-1', store, replica).serviceInsights.size, 0);
  });
});

describe('ZoneMeshViewBuilder', () => {
  function started(): { store: FakeZoneStore; replica: FakeGlobalReplica; builder: ZoneMeshViewBuilder; views: MeshView[] } {
    const { store, replica } = given();
    const builder = new ZoneMeshViewBuilder(store, replica, { zone: 'zone-1', debounceMs: 10 });
    const views: MeshView[] = [];
    builder.onView((view) => views.push(view));
    builder.start();
    views.length = 0;
    return { store, replica, builder, views };
  }

  it('given several Dataplane changes in a burst, when the debounce elapses, then one new view holds them all', async () => {
    const { store, builder, views } = started();
    store.put(SubjectKinds.Dataplane, dataplane('web-2'));
    store.put(SubjectKinds.Dataplane, dataplane('web-3'));
    store.remove(SubjectKinds.Dataplane, 'default', 'web-1');
    await waitFor('a new view', () => (views.length > 0 ? true : undefined), { timeoutMs: 2_000 });
    await sleep(30);
    builder.stop();
    assert.equal(views.length, 1);
    assert.deepEqual(
      views[0]?.dataplanes.map((dp) => dp.name),
      ['web-2', 'web-3'],
    );
  });

  it('given a DataplaneInsight or a Zone entry changed, then no view is rebuilt', async () => {
    const { store, replica, builder, views } = started();
    const before = builder.current();
    store.put(
      SubjectKinds.DataplaneInsight,
      must(decodeDataplaneInsight({ type: 'DataplaneInsight', mesh: 'default', name: 'web-1', subscriptions: [] })),
    );
    replica.listeners.forEach((listener) => listener({ kind: SubjectKinds.Zone, name: 'zone-2', resource: undefined }));
    await sleep(50);
    builder.stop();
    assert.equal(views.length, 0);
    assert.equal(builder.current(), before);
  });

  it('given an insight whose issuing backend changes, then one view is rebuilt; a re-issue by the same backend rebuilds none', async () => {
    const { store, builder, views } = started();
    store.put(SubjectKinds.DataplaneInsight, insight('web-1', 'ca-1'));
    await waitFor('a new view', () => (views.length > 0 ? true : undefined), { timeoutMs: 2_000 });
    store.put(SubjectKinds.DataplaneInsight, insight('web-1', 'ca-1', 7));
    await sleep(50);
    builder.stop();
    assert.equal(views.length, 1);
  });

  it('given a remote ZoneIngress synced through the replica, then the next view lists it', async () => {
    const { replica, builder, views } = started();
    replica.put(SubjectKinds.ZoneIngress, ingress('zi-new', 'zone-4'), 'zone-4');
    await waitFor('a new view', () => (views.length > 0 ? true : undefined), { timeoutMs: 2_000 });
    await sleep(30);
    builder.stop();
    assert.equal(views.length, 1);
    assert.ok(builder.current().remoteZoneIngresses.some((zi) => zi.name === 'zi-new'));
  });
});
