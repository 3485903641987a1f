import type { Dataplane, Mesh, ZoneEgress, ZoneIngress } from '@kumiko/api';
import { SubjectKinds, type GlobalViewEntry, type ResourceOfKind, type SubjectKey, type ZoneOwnedKind } from '@kumiko/events';
import type { GlobalReplicaChange } from '../src/global-replica.js';
import type { ZoneResource, ZoneStoreChange } from '../src/zone-resource-store.js';
import type { AvailableServicesStore } from '../src/xds/available-services-updater.js';
import type { GlobalStateSource } from '../src/xds/zone-state-sources.js';

/** Test support: an in-memory zone store with the methods the xDS side uses. */
export class FakeZoneStore implements AvailableServicesStore {
  readonly entries = new Map<string, { key: SubjectKey; resource: ZoneResource }>();
  readonly listeners = new Set<(change: ZoneStoreChange) => void>();
  ingressWrites = 0;

  onChange(listener: (change: ZoneStoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list<K extends ZoneOwnedKind>(kind: K): ResourceOfKind<K>[] {
    return [...this.entries.values()].filter((entry) => entry.key.kind === kind).map((entry) => entry.resource as ResourceOfKind<K>);
  }

  put(kind: SubjectKey['kind'], resource: Dataplane | ZoneIngress | ZoneEgress | ZoneResource): void {
    const key: SubjectKey = { kind, mesh: 'mesh' in resource ? resource.mesh : undefined, name: resource.name };
    this.entries.set(`${kind}|${key.mesh ?? ''}|${key.name}`, { key, resource });
    for (const listener of this.listeners) listener({ key, resource });
  }

  remove(kind: SubjectKey['kind'], mesh: string | undefined, name: string): void {
    const key: SubjectKey = { kind, mesh, name };
    this.entries.delete(`${kind}|${mesh ?? ''}|${name}`);
    for (const listener of this.listeners) listener({ key, resource: undefined });
  }

  upsert(zoneIngress: ZoneIngress): Promise<{ created: boolean }> {
    this.ingressWrites++;
    this.put(SubjectKinds.ZoneIngress, { ...zoneIngress, zone: '' });
    return Promise.resolve({ created: false });
  }
}

/** Test support: an in-memory global replica. */
export class FakeGlobalReplica implements GlobalStateSource {
  readonly entries = new Map<string, GlobalViewEntry>();
  readonly listeners = new Set<(change: GlobalReplicaChange) => void>();

  onChange(listener: (change: GlobalReplicaChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(kind: GlobalViewEntry['kind']): GlobalViewEntry[] {
    return [...this.entries.values()].filter((entry) => entry.kind === kind && entry.resource !== undefined);
  }

  put(kind: GlobalViewEntry['kind'], resource: Mesh | ZoneIngress | ZoneEgress, zone?: string): void {
    // The global CP pins a zone proxy's zone into the resource; a fake replica does the same.
    const pinned = zone === undefined || resource.type === 'Mesh' ? resource : { ...resource, zone };
    const entry: GlobalViewEntry = {
      kind,
      name: resource.name,
      resource: pinned,
      outboxId: `${kind}-${resource.name}`,
      time: new Date(0).toISOString(),
    };
    this.entries.set(`${kind}|${resource.name}`, entry);
    for (const listener of this.listeners) listener({ kind, name: resource.name, resource: pinned });
  }
}
