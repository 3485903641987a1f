import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDataplane, decodeMesh, decodeZoneIngress, type Dataplane } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import { FakeGlobalReplica, FakeZoneStore } from '../xds/fake-zone-state.js';
import { DnsVipTracker } from './dns-vip-tracker.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
const dataplane = (name: string, service: string, state = 'Ready'): Dataplane =>
  must(decodeDataplane({ type: 'Dataplane', mesh: 'default', name, networking: { address: '10.0.0.1', inbound: [{ port: 1, state, tags: { 'kuma.io/service': service } }] } }));

function setup(): { store: FakeZoneStore; replica: FakeGlobalReplica; tracker: DnsVipTracker; changes: () => number } {
  const store = new FakeZoneStore();
  const replica = new FakeGlobalReplica();
  replica.put(SubjectKinds.Mesh, must(decodeMesh({ type: 'Mesh', name: 'default' })), undefined);
  const tracker = new DnsVipTracker(store, replica, { zone: 'zone-1' });
  let n = 0;
  tracker.onChange(() => n++);
  return { store, replica, tracker, changes: () => n };
}

describe('DnsVipTracker', () => {
  it('given local services and another zone’s ingress, then each has a VIP and the table has both DNS names for `_`', () => {
    const { store, replica, tracker } = setup();
    store.put(SubjectKinds.Dataplane, dataplane('web-1', 'web_api'));
    store.put(SubjectKinds.Dataplane, dataplane('skip-1', 'ignored-svc', 'Ignored'));
    replica.put(SubjectKinds.ZoneIngress, must(decodeZoneIngress({ type: 'ZoneIngress', name: 'zi-2', availableServices: [{ mesh: 'default', instances: 1, tags: { 'kuma.io/service': 'remote' } }] })), 'zone-2');
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
});
