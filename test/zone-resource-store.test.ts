/**
 * The zone's store on real JetStream, where two writers meet: a DELETE wins over an update racing it
 * (Kuma's delete carries no version), and a background write made `replacing` what it read never
 * resurrects or overwrites a resource that changed meanwhile.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from 'nats';
import { pino } from 'pino';
import { decodeZoneIngress, type ZoneIngress } from '@kumiko/api';
import { ConcurrencyConflictError, connectNats, ensureStream } from '@kumiko/bus';
import { SubjectKinds, zonesStream } from '@kumiko/events';
import { startNats, waitFor, type NatsServer } from '@kumiko/testing';
import { ZoneResourceStore } from '@kumiko/zone-cp';

const logger = pino({ level: 'silent' });

function ingress(name: string, port = 10001): ZoneIngress {
  const decoded = decodeZoneIngress({ type: 'ZoneIngress', name, networking: { address: '10.0.0.5', port } });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
  return decoded.value;
}

describe('ZoneResourceStore: concurrent writers', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let first: ZoneResourceStore;
  let second: ZoneResourceStore;

  const key = (name: string) => ({ kind: SubjectKinds.ZoneIngress, mesh: undefined, name });

  before(async () => {
    nats = await startNats();
    nc = await connectNats({ servers: nats.url, name: 'zone-store-test', logger });
    await ensureStream(await nc.jetstreamManager(), zonesStream());
    // two replicas of one zone CP over the same stream
    first = new ZoneResourceStore(nc.jetstream(), { zone: 'zone-1', stream: 'ZONES', logger });
    second = new ZoneResourceStore(nc.jetstream(), { zone: 'zone-1', stream: 'ZONES', logger });
    await first.start();
    await second.start();
  });

  after(async () => {
    await first.stop();
    await second.stop();
    await nc.close();
    await nats.stop();
  });

  it('given an update in flight, when the same resource is deleted, then the delete wins and nothing remains', async () => {
    await first.upsert(ingress('zi-race'));
    const update = first.upsert(ingress('zi-race', 20002));
    const deleted = first.delete(SubjectKinds.ZoneIngress, undefined, 'zi-race');
    await update;
    assert.equal(await deleted, true);
    assert.equal(first.get(key('zi-race')), undefined);
  });

  it('given another replica updated the resource unseen, when this one deletes, then it retries once it sees that write', async () => {
    await first.upsert(ingress('zi-remote'));
    await waitFor('second replica sees zi-remote', () => second.get(key('zi-remote')));
    // the second replica writes; the first deletes before (or while) it sees that message
    await Promise.all([second.upsert(ingress('zi-remote', 20003)), first.delete(SubjectKinds.ZoneIngress, undefined, 'zi-remote')]);
    await waitFor('both replicas see the delete', () =>
      first.get(key('zi-remote')) === undefined && second.get(key('zi-remote')) === undefined ? true : undefined,
    );
  });

  it('given a resource read and then deleted, when written replacing what was read, then it is refused and stays deleted', async () => {
    await first.upsert(ingress('zi-stale'));
    const read = first.get(key('zi-stale'));
    assert.ok(read);
    assert.equal(await first.delete(SubjectKinds.ZoneIngress, undefined, 'zi-stale'), true);
    await assert.rejects(first.upsert({ ...read, availableServices: [] }, { replacing: read }), ConcurrencyConflictError);
    assert.equal(first.get(key('zi-stale')), undefined);
  });

  it('given a resource read and then changed, when written replacing what was read, then the change is kept', async () => {
    await first.upsert(ingress('zi-changed'));
    const read = first.get(key('zi-changed'));
    assert.ok(read);
    await first.upsert(ingress('zi-changed', 30003));
    await assert.rejects(first.upsert({ ...read }, { replacing: read }), ConcurrencyConflictError);
    assert.equal(first.get(key('zi-changed'))?.networking?.port, 30003);
    const current = first.get(key('zi-changed'));
    assert.ok(current);
    await first.upsert({ ...current, availableServices: [] }, { replacing: current });
  });

  it('given proxies the lifecycle registered and one a user wrote, then who owns each survives a rebuild, and only a registered one is deleted as such', async () => {
    await first.upsert(ingress('zi-registered'), { registeredBy: 'lifecycle' });
    await first.upsert(ingress('zi-user'));
    const read = first.get(key('zi-registered'));
    assert.ok(read);
    // the CP's own update (availableServices) replacing what it read keeps the owner
    await first.upsert({ ...read, availableServices: [] }, { replacing: read });
    const restarted = new ZoneResourceStore(nc.jetstream(), { zone: 'zone-1', stream: 'ZONES', logger });
    await restarted.start();
    try {
      assert.equal(restarted.registeredBy(key('zi-registered')), 'lifecycle');
      assert.equal(restarted.registeredBy(key('zi-user')), undefined);
      assert.equal(await restarted.delete(SubjectKinds.ZoneIngress, undefined, 'zi-user', { onlyIfRegisteredBy: 'lifecycle' }), false);
      // a user's write makes a registered proxy the user's
      await restarted.upsert(ingress('zi-registered', 30003));
      assert.equal(restarted.registeredBy(key('zi-registered')), undefined);
      assert.equal(
        await restarted.delete(SubjectKinds.ZoneIngress, undefined, 'zi-registered', { onlyIfRegisteredBy: 'lifecycle' }),
        false,
      );
      assert.ok(restarted.get(key('zi-user')));
    } finally {
      await restarted.stop();
    }
  });
});
