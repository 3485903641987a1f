import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@kumiko/testing';
import { decodeDataplane, decodeDataplaneInsight, decodeMesh, decodeZoneIngress, type Dataplane, type ZoneIngress } from '@kumiko/api';
import { SubjectKinds } from '@kumiko/events';
import { AvailableServicesUpdater } from './available-services-updater.js';
import { FakeGlobalReplica, FakeZoneStore } from '../../test-support/fake-zone-state.js';

function must<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function dataplane(name: string, service: string): Dataplane {
  return must(
    decodeDataplane({
      type: 'Dataplane',
      mesh: 'default',
      name,
      networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': service, 'kuma.io/zone': 'zone-1' } }] },
    }),
  );
}
const zoneIngress: ZoneIngress = must(
  decodeZoneIngress({ type: 'ZoneIngress', name: 'zi-1', networking: { address: '10.0.0.9', port: 10001 } }),
);

/** Waits until the store saw `count` ZoneIngress writes, then a little longer for any extra one. */
async function writesSeen(store: FakeZoneStore, count: number): Promise<void> {
  await waitFor(`${count} ZoneIngress writes`, () => (store.ingressWrites >= count ? true : undefined), { timeoutMs: 2_000 });
  await sleep(30);
}

function localIngress(store: FakeZoneStore): ZoneIngress {
  const [ingress] = store.list(SubjectKinds.ZoneIngress) as ZoneIngress[];
  assert.ok(ingress);
  return ingress;
}

describe('AvailableServicesUpdater', () => {
  function given(): { store: FakeZoneStore; updater: AvailableServicesUpdater } {
    const store = new FakeZoneStore();
    const replica = new FakeGlobalReplica();
    replica.put(SubjectKinds.Mesh, must(decodeMesh({ type: 'Mesh', name: 'default' })));
    store.put(SubjectKinds.ZoneIngress, zoneIngress);
    store.put(SubjectKinds.Dataplane, dataplane('web-1', 'web'));
    return { store, updater: new AvailableServicesUpdater(store, replica, { debounceMs: 5 }) };
  }

  it('given local Dataplanes, when started, then the local ZoneIngress lists their services with instance counts', async () => {
    const { store, updater } = given();
    store.put(SubjectKinds.Dataplane, dataplane('web-2', 'web'));
    updater.start();
    await writesSeen(store, 1);
    await updater.stop();
    assert.deepEqual(localIngress(store).availableServices, [
      { mesh: 'default', instances: 2, externalService: false, tags: { 'kuma.io/service': 'web', 'kuma.io/zone': 'zone-1' } },
    ]);
    assert.equal(store.ingressWrites, 1, 'its own write settles: no second write');
  });

  it('given a Dataplane added and another removed, then availableServices follow', async () => {
    const { store, updater } = given();
    updater.start();
    await writesSeen(store, 1);
    store.put(SubjectKinds.Dataplane, dataplane('api-1', 'api'));
    store.remove(SubjectKinds.Dataplane, 'default', 'web-1');
    await writesSeen(store, 2);
    await updater.stop();
    assert.deepEqual(
      localIngress(store).availableServices.map((s) => s.tags['kuma.io/service']),
      ['api'],
    );
    assert.equal(store.ingressWrites, 2);
  });

  it('given only a DataplaneInsight changed, then nothing is recomputed or written', async () => {
    const { store, updater } = given();
    updater.start();
    await writesSeen(store, 1);
    // a stale ingress slipped in without a change event: only a recompute would rewrite it
    store.entries.set('zoneingress||zi-1', {
      key: { kind: SubjectKinds.ZoneIngress, mesh: undefined, name: 'zi-1' },
      resource: zoneIngress,
    });
    const writes = store.ingressWrites;
    store.put(
      SubjectKinds.DataplaneInsight,
      must(decodeDataplaneInsight({ type: 'DataplaneInsight', mesh: 'default', name: 'web-1', subscriptions: [] })),
    );
    await sleep(40);
    await updater.stop();
    assert.equal(store.ingressWrites, writes);
  });

  it('given availableServices already current, when updating, then nothing is written', async () => {
    const { store, updater } = given();
    assert.equal(await updater.update(), 1);
    assert.equal(await updater.update(), 0);
    assert.equal(store.ingressWrites, 1);
  });
});
