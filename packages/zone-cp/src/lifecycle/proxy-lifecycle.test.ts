import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { decodeDataplane, type Dataplane } from '@kumiko/api';
import { SubjectKinds, type RegisteredBy, type ResourceOfKind, type SubjectKey, type ZoneOwnedKind } from '@kumiko/events';
import { waitFor } from '@kumiko/testing';
import type { DeleteOptions, UpsertOptions, ZoneResource } from '../zone-resource-store.js';
import { ProxyLifecycle, type AdsNode, type LifecycleStore, type ProxyResource } from './proxy-lifecycle.js';

const logger = pino({ level: 'silent' });

function dataplane(name: string, port = 8080): Dataplane {
  const decoded = decodeDataplane({
    type: 'Dataplane',
    mesh: 'default',
    name,
    networking: { address: '10.0.0.1', inbound: [{ port, tags: { 'kuma.io/service': 'web' } }] },
  });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
  return decoded.value;
}

/** The lifecycle's view of the store: a map with each resource's owner, every write recorded. */
class RecordingStore implements LifecycleStore {
  readonly resources = new Map<string, ZoneResource>();
  readonly owners = new Map<string, RegisteredBy>();
  readonly writes: string[] = [];
  failNextWrites = 0;

  get<K extends ZoneOwnedKind>(key: SubjectKey & { readonly kind: K }): ResourceOfKind<K> | undefined {
    return this.resources.get(`${key.kind}|${key.mesh ?? ''}|${key.name}`) as ResourceOfKind<K> | undefined;
  }
  registeredBy(key: SubjectKey): RegisteredBy | undefined {
    return this.owners.get(`${key.kind}|${key.mesh ?? ''}|${key.name}`);
  }
  async upsert(resource: ZoneResource, options: UpsertOptions = {}): Promise<{ created: boolean }> {
    if (resource.type !== 'Dataplane') throw new Error('not used');
    return this.put(SubjectKinds.Dataplane, resource.mesh, resource, options.registeredBy);
  }
  /** A user's write over REST: the resource becomes the user's. */
  async putByUser(resource: Dataplane): Promise<void> {
    await this.put(SubjectKinds.Dataplane, resource.mesh, resource, undefined);
  }
  async delete(
    kind: Parameters<LifecycleStore['delete']>[0],
    mesh: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<boolean> {
    const key = `${kind}|${mesh ?? ''}|${name}`;
    if (options.onlyIfRegisteredBy !== undefined && this.owners.get(key) !== options.onlyIfRegisteredBy) return false;
    this.writes.push(`delete ${mesh ?? ''}.${name}`);
    this.owners.delete(key);
    return this.resources.delete(key);
  }
  private async put(kind: string, mesh: string, resource: ZoneResource, owner: RegisteredBy | undefined): Promise<{ created: boolean }> {
    await sleep(1);
    if (this.failNextWrites > 0) {
      this.failNextWrites--;
      throw new Error('JetStream unavailable');
    }
    const key = `${kind}|${mesh}|${resource.name}`;
    this.writes.push(`${owner === undefined ? 'user ' : ''}upsert ${mesh}.${resource.name}`);
    const created = !this.resources.has(key);
    this.resources.set(key, resource);
    if (owner === undefined) this.owners.delete(key);
    else this.owners.set(key, owner);
    return { created };
  }
}

describe('ProxyLifecycle', () => {
  let lifecycle: ProxyLifecycle | undefined;
  afterEach(() => lifecycle?.stop());

  function start(store: RecordingStore, delayMs: number, elsewhere = false): ReturnType<ProxyLifecycle['observers']> {
    lifecycle = new ProxyLifecycle(store, {
      zone: 'zone-1',
      deregistrationDelayMs: delayMs,
      readResource: (node: AdsNode): ProxyResource | undefined => node.metadata?.['resource'] as ProxyResource | undefined,
      connectedElsewhere: () => elsewhere,
      logger,
    });
    return lifecycle.observers();
  }
  const open = (observers: ReturnType<ProxyLifecycle['observers']>, nodeId: string, resource?: ProxyResource): void =>
    observers.streamOpened?.({ nodeId, kind: 'sotw', node: { id: nodeId, metadata: resource === undefined ? {} : { resource } } });
  const close = (observers: ReturnType<ProxyLifecycle['observers']>, nodeId: string): void =>
    observers.streamClosed?.({ nodeId, kind: 'sotw' });

  it('given a proxy connecting with its Dataplane, then it is stored with kuma.io/zone injected', async () => {
    const store = new RecordingStore();
    const observers = start(store, 1_000);
    open(observers, 'default.web-1', dataplane('web-1'));
    await waitFor('registered', () => store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'web-1' }));
    const stored = store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'web-1' }) as Dataplane;
    assert.equal(stored.networking?.inbound[0]?.tags['kuma.io/zone'], 'zone-1');
  });

  it('given the same Dataplane already stored, when the proxy reconnects, then nothing is written', async () => {
    const store = new RecordingStore();
    const observers = start(store, 1_000);
    open(observers, 'default.web-1', dataplane('web-1'));
    await waitFor('registered', () => (store.writes.length === 1 ? true : undefined));
    close(observers, 'default.web-1');
    open(observers, 'default.web-1', dataplane('web-1'));
    await sleep(30);
    assert.deepEqual(store.writes, ['upsert default.web-1']);
  });

  it('given a changed Dataplane on reconnect, then it is updated', async () => {
    const store = new RecordingStore();
    const observers = start(store, 1_000);
    open(observers, 'default.web-1', dataplane('web-1'));
    await waitFor('registered', () => (store.writes.length === 1 ? true : undefined));
    open(observers, 'default.web-1', dataplane('web-1', 9090));
    await waitFor('updated', () => (store.writes.length === 2 ? true : undefined));
  });

  it('given the last stream closed, then the Dataplane is deleted after the delay, not before', async () => {
    const store = new RecordingStore();
    const observers = start(store, 150);
    open(observers, 'default.web-1', dataplane('web-1'));
    await waitFor('registered', () => (store.writes.length === 1 ? true : undefined));
    close(observers, 'default.web-1');
    assert.notEqual(store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'web-1' }), undefined);
    await waitFor('deregistered', () => (store.writes.includes('delete default.web-1') ? true : undefined));
    assert.equal(store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'web-1' }), undefined);
  });

  it('given a reconnect within the delay, then the Dataplane is kept', async () => {
    const store = new RecordingStore();
    const observers = start(store, 100);
    open(observers, 'default.web-1', dataplane('web-1'));
    close(observers, 'default.web-1');
    open(observers, 'default.web-1', dataplane('web-1'));
    await sleep(250);
    assert.equal(store.writes.filter((w) => w.startsWith('delete')).length, 0);
    assert.deepEqual(lifecycle?.registered(), ['default.web-1']);
  });

  it('given the proxy connected to another CP instance, then it is kept', async () => {
    const store = new RecordingStore();
    const observers = start(store, 50, true);
    open(observers, 'default.web-1', dataplane('web-1'));
    await waitFor('registered', () => (store.writes.length === 1 ? true : undefined));
    close(observers, 'default.web-1');
    await sleep(150);
    assert.deepEqual(store.writes, ['upsert default.web-1']);
  });

  it('given a proxy without a resource in its metadata (REST-registered or proxyless), then nothing is written or deleted', async () => {
    const store = new RecordingStore();
    const observers = start(store, 20);
    open(observers, 'default.client');
    close(observers, 'default.client');
    await sleep(80);
    assert.deepEqual(store.writes, []);
  });

  it('given a node id that does not name the resource, then it is not registered', async () => {
    const store = new RecordingStore();
    const observers = start(store, 20);
    open(observers, 'default.other', dataplane('web-1'));
    await sleep(30);
    assert.deepEqual(store.writes, []);
  });

  it('given JetStream failing at first, then the registration is retried until it lands', async () => {
    const store = new RecordingStore();
    store.failNextWrites = 2;
    const observers = start(store, 1_000);
    open(observers, 'default.web-1', dataplane('web-1'));
    await waitFor('registered', () => store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'web-1' }), { timeoutMs: 5_000 });
  });

  it('given the lifecycle stopped (CP shutting down), then pending deletions never happen', async () => {
    const store = new RecordingStore();
    const observers = start(store, 50);
    open(observers, 'default.web-1', dataplane('web-1'));
    await waitFor('registered', () => (store.writes.length === 1 ? true : undefined));
    close(observers, 'default.web-1');
    lifecycle?.stop();
    await sleep(120);
    assert.deepEqual(store.writes, ['upsert default.web-1']);
  });

  it('given a Dataplane a user registered over REST, when a proxy connects with another version of it and leaves, then it is neither changed nor deleted', async () => {
    const store = new RecordingStore();
    await store.putByUser(dataplane('web-1'));
    const observers = start(store, 30);
    open(observers, 'default.web-1', dataplane('web-1', 9090));
    await sleep(30);
    close(observers, 'default.web-1');
    await sleep(100);
    assert.deepEqual(store.writes, ['user upsert default.web-1']);
    const stored = store.get({ kind: SubjectKinds.Dataplane, mesh: 'default', name: 'web-1' }) as Dataplane;
    assert.equal(stored.networking?.inbound[0]?.port, 8080);
  });

  it('given a registered Dataplane a user then PUT over REST, when its proxy leaves, then it is kept', async () => {
    const store = new RecordingStore();
    const observers = start(store, 50);
    open(observers, 'default.web-1', dataplane('web-1'));
    await waitFor('registered', () => (store.writes.length === 1 ? true : undefined));
    await store.putByUser(dataplane('web-1', 7070));
    close(observers, 'default.web-1');
    await sleep(150);
    assert.deepEqual(store.writes, ['upsert default.web-1', 'user upsert default.web-1']);
  });
});
