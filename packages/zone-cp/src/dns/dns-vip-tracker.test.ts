import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@kumiko/testing';
import { decodeDataplane, decodeDataplaneInsight, decodeMesh, decodeZoneIngress, type Dataplane } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import { FakeGlobalReplica, FakeZoneStore } from '../../test-support/fake-zone-state.js';
import { DnsVipTracker } from './dns-vip-tracker.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
const dataplane = (name: string, service: string, state = 'Ready'): Dataplane =>
  must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: 'default',
      name,
      networking: { address: '10.0.0.1', inbound: [{ port: 1, state, tags: { 'kuma.io/service': service } }] },
    }),
  );

function setup(debounceMs?: number): { store: FakeZoneStore; replica: FakeGlobalReplica; tracker: DnsVipTracker; changes: () => number } {
  const store = new FakeZoneStore();
  const replica = new FakeGlobalReplica();
  replica.put(SubjectKinds.Mesh, must(decodeMesh({ type: 'Mesh', name: 'default' })), undefined);
  const tracker = new DnsVipTracker(store, replica, { zone: 'zone-1', ...(debounceMs === undefined ? {} : { debounceMs }) });
  let n = 0;
  tracker.onChange(() => n++);
  return { store, replica, tracker, changes: () => n };
}

describe('DnsVipTracker', () => {
  it('given local services and another zone’s ingress, then each has a VIP and the table has both DNS names for `_`', () => {
    const { store, replica, tracker } = setup();
    store.put(SubjectKinds.Dataplane, dataplane('web-1', 'web_api'));
    store.put(SubjectKinds.Dataplane, dataplane('skip-1', 'ignored-svc', 'Ignored'));
    replica.put(
      SubjectKinds.ZoneIngress,
      must(
        decodeZoneIngress({
          type: 'ZoneIngress',
          name: 'zi-2',
          availableServices: [{ mesh: 'default', instances: 1, tags: { 'kuma.io/service': 'remote' } }],
        }),
      ),
      'zone-2',
    );
    tracker.start();
    assert.deepEqual(Object.keys(tracker.vips()['default'] ?? {}).sort(), ['remote', 'web_api']);
    const names = tracker.table('default')?.records.map((r) => r.name);
    assert.deepEqual(names, ['remote.mesh', 'web.api.mesh', 'web_api.mesh']);
    assert.equal(tracker.table('unknown'), undefined);
    tracker.stop();
  });

  it('given a change that does not change any VIP, then no listener call and the same etag', () => {
    const { store, tracker, changes } = setup();
    store.put(SubjectKinds.Dataplane, dataplane('web-1', 'web'));
    tracker.start();
    const before = { calls: changes(), etag: tracker.table('default')?.etag };
    store.put(SubjectKinds.Dataplane, dataplane('web-2', 'web'));
    tracker.recompute();
    assert.equal(changes(), before.calls);
    assert.equal(tracker.table('default')?.etag, before.etag);
    store.put(SubjectKinds.Dataplane, dataplane('db-1', 'db'));
    tracker.recompute();
    assert.equal(changes(), before.calls + 1);
    assert.notEqual(tracker.table('default')?.etag, before.etag);
    tracker.stop();
  });

  it('given the same state, then the table and its etag are the same on every replica', () => {
    const a = setup();
    const b = setup();
    for (const { store } of [a, b]) store.put(SubjectKinds.Dataplane, dataplane('web-1', 'web'));
    a.tracker.start();
    b.tracker.start();
    assert.deepEqual(a.tracker.table('default'), b.tracker.table('default'));
    assert.equal(a.tracker.table('default')?.ttl, 30);
    a.tracker.stop();
    b.tracker.stop();
  });

  it('given a new mesh with no services, then listeners hear of its empty table; when it is deleted, then it has none', () => {
    const { replica, tracker, changes } = setup();
    tracker.start();
    const before = changes();
    replica.put(SubjectKinds.Mesh, must(decodeMesh({ type: 'Mesh', name: 'other' })));
    tracker.recompute();
    assert.equal(changes(), before + 1);
    assert.deepEqual(tracker.table('other')?.records, []);
    assert.deepEqual(tracker.vips()['other'], {});
    replica.entries.delete(`${SubjectKinds.Mesh}|other`);
    tracker.recompute();
    assert.equal(changes(), before + 2);
    assert.equal(tracker.table('other'), undefined);
    tracker.stop();
  });

  it('given a started tracker, when a Dataplane is added, then after the debounce it has a VIP', async () => {
    const { store, tracker } = setup(5);
    tracker.start();
    store.put(SubjectKinds.Dataplane, dataplane('db-1', 'db'));
    await waitFor('a VIP for db', () => tracker.vips()['default']?.['db'], { timeoutMs: 2_000 });
    tracker.stop();
  });

  it('given a DataplaneInsight change, then the sources are not read again', async () => {
    const { store, tracker } = setup(5);
    tracker.start();
    let reads = 0;
    const list = store.list.bind(store);
    store.list = (kind) => {
      reads++;
      return list(kind);
    };
    store.put(
      SubjectKinds.DataplaneInsight,
      must(decodeDataplaneInsight({ type: 'DataplaneInsight', mesh: 'default', name: 'web-1', subscriptions: [] })),
    );
    await sleep(30);
    tracker.stop();
    assert.equal(reads, 0);
  });
});
