import type { TypeUrl, XdsSnapshot } from './xds-snapshot.js';

/** Called with a node's new snapshot. Must not throw: it runs inside `SnapshotCache.set`. */
export type SnapshotListener = (snapshot: XdsSnapshot) => void;

/** What a client said when it rejected a response. */
export interface NackDetail {
  /** The `version_info` of the rejected response (the one the server sent). */
  readonly version: string;
  readonly nonce: string;
  /** `error_detail.code` (grpc-js sends 14, C-core 3). */
  readonly code: number;
  readonly message: string;
  readonly at: Date;
}

/** Counters for one resource type of one node, across its streams. */
export interface TypeXdsStats {
  readonly responsesSent: number;
  readonly acks: number;
  readonly nacks: number;
  readonly lastSentVersion: string | undefined;
  readonly lastAckedVersion: string | undefined;
  readonly lastNack: NackDetail | undefined;
}

/** A copy of a node's counters; later traffic does not change it. */
export interface NodeXdsStats {
  readonly nodeId: string;
  /** Open ADS streams (SotW and delta) of this node. */
  readonly streams: number;
  readonly responsesSent: number;
  readonly acks: number;
  readonly nacks: number;
  readonly byType: ReadonlyMap<TypeUrl, TypeXdsStats>;
}

interface MutableTypeStats {
  responsesSent: number;
  acks: number;
  nacks: number;
  lastSentVersion: string | undefined;
  lastAckedVersion: string | undefined;
  lastNack: NackDetail | undefined;
}

interface NodeEntry {
  snapshot: XdsSnapshot | undefined;
  readonly listeners: Set<SnapshotListener>;
  readonly stats: Map<TypeUrl, MutableTypeStats>;
}

/** A stream's registration with the cache; `cancel()` is idempotent. */
export interface SnapshotWatch {
  readonly snapshot: XdsSnapshot | undefined;
  cancel(): void;
}

/**
 * One snapshot per node id, as go-control-plane's SnapshotCache and Kuma's per-proxy cache hold it.
 * `set` notifies the node's open streams; a node's snapshot and counters are forgotten when its
 * last stream closes, so a proxy that never comes back costs nothing. A snapshot set for a node
 * with no stream is kept until a stream of that node opens and closes.
 */
export class SnapshotCache {
  private readonly nodes = new Map<string, NodeEntry>();

  /**
   * Stores `snapshot` (immutable; the cache never copies it) as the node's current one and hands
   * it to the node's open streams. A snapshot whose per-type versions all equal the current one's
   * is stored but not pushed: same content, same versions.
   */
  set(nodeId: string, snapshot: XdsSnapshot): void {
    const entry = this.entry(nodeId);
    const previous = entry.snapshot;
    entry.snapshot = snapshot;
    if (previous !== undefined && sameVersions(previous, snapshot)) return;
    for (const listener of [...entry.listeners]) listener(snapshot);
  }

  get(nodeId: string): XdsSnapshot | undefined {
    return this.nodes.get(nodeId)?.snapshot;
  }

  /** Node ids the cache currently holds (with a snapshot, a stream, or both). */
  nodeIds(): string[] {
    return [...this.nodes.keys()];
  }

  /**
   * Registers a stream of `nodeId`: `listener` gets every later snapshot of that node. Cancelling
   * the last watch of a node forgets the node.
   */
  watch(nodeId: string, listener: SnapshotListener): SnapshotWatch {
    const entry = this.entry(nodeId);
    entry.listeners.add(listener);
    let cancelled = false;
    return {
      snapshot: entry.snapshot,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        entry.listeners.delete(listener);
        if (entry.listeners.size === 0 && this.nodes.get(nodeId) === entry) this.nodes.delete(nodeId);
      },
    };
  }

  /** A copy of the node's counters, or undefined for a node the cache does not hold. */
  stats(nodeId: string): NodeXdsStats | undefined {
    const entry = this.nodes.get(nodeId);
    if (entry === undefined) return undefined;
    const byType = new Map<TypeUrl, TypeXdsStats>();
    let responsesSent = 0;
    let acks = 0;
    let nacks = 0;
    for (const [typeUrl, stats] of entry.stats) {
      byType.set(typeUrl, { ...stats });
      responsesSent += stats.responsesSent;
      acks += stats.acks;
      nacks += stats.nacks;
    }
    return { nodeId, streams: entry.listeners.size, responsesSent, acks, nacks, byType };
  }

  /** Called by the ADS servers: a response of `typeUrl` at `version` went to the node. */
  recordResponseSent(nodeId: string, typeUrl: TypeUrl, version: string): void {
    const stats = this.typeStats(nodeId, typeUrl);
    if (stats === undefined) return;
    stats.responsesSent++;
    stats.lastSentVersion = version;
  }

  recordAck(nodeId: string, typeUrl: TypeUrl, version: string): void {
    const stats = this.typeStats(nodeId, typeUrl);
    if (stats === undefined) return;
    stats.acks++;
    stats.lastAckedVersion = version;
  }

  recordNack(nodeId: string, typeUrl: TypeUrl, nack: NackDetail): void {
    const stats = this.typeStats(nodeId, typeUrl);
    if (stats === undefined) return;
    stats.nacks++;
    stats.lastNack = nack;
  }

  private entry(nodeId: string): NodeEntry {
    let entry = this.nodes.get(nodeId);
    if (entry === undefined) {
      entry = { snapshot: undefined, listeners: new Set(), stats: new Map() };
      this.nodes.set(nodeId, entry);
    }
    return entry;
  }

  /** Counters only exist for nodes with a stream: a forgotten node is not brought back by a late record. */
  private typeStats(nodeId: string, typeUrl: TypeUrl): MutableTypeStats | undefined {
    const entry = this.nodes.get(nodeId);
    if (entry === undefined || entry.listeners.size === 0) return undefined;
    let stats = entry.stats.get(typeUrl);
    if (stats === undefined) {
      stats = { responsesSent: 0, acks: 0, nacks: 0, lastSentVersion: undefined, lastAckedVersion: undefined, lastNack: undefined };
      entry.stats.set(typeUrl, stats);
    }
    return stats;
  }
}

function sameVersions(a: XdsSnapshot, b: XdsSnapshot): boolean {
  if (a === b) return true;
  if (a.versions.size !== b.versions.size) return false;
  for (const [typeUrl, version] of a.versions) if (b.versions.get(typeUrl) !== version) return false;
  return true;
}
