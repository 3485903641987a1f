import type { JetStreamClient } from 'nats';
import type { Logger } from 'pino';
import { SubjectFollower, type ConsumedMessage, type FollowerStatus } from '@kumiko/bus';
import { decodeGlobalViewEntry, GLOBAL_FILTER, type GlobalViewEntry, type GlobalViewResource } from '@kumiko/events';

export interface GlobalReplicaChange {
  readonly kind: GlobalViewEntry['kind'];
  readonly name: string;
  /** `undefined`: removed (deleted, or its zone disabled or deleted). A zone proxy names its zone itself. */
  readonly resource: GlobalViewResource | undefined;
}

export interface ReplicaStatus extends FollowerStatus {
  readonly entries: number;
  /** Time since the last change or catch-up: how stale the replica may be. */
  readonly sinceProgressMs: number;
}

/**
 * The zone's copy of the global view (meshes, other zones' ZoneIngresses, ZoneEgresses, zones):
 * read as the last message of every GLOBAL subject at start, then followed live. While NATS or the
 * global CP is unreachable it keeps serving what it has; the follower resumes by itself.
 */
export class GlobalReplica {
  private readonly entries = new Map<string, GlobalViewEntry>();
  private readonly listeners = new Set<(change: GlobalReplicaChange) => void>();
  private follower: SubjectFollower | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: { readonly stream: string; readonly logger: Logger },
  ) {}

  async start(): Promise<void> {
    this.follower = new SubjectFollower(this.js, {
      stream: this.options.stream,
      filterSubject: GLOBAL_FILTER,
      logger: this.options.logger,
    });
    await this.follower.start((message) => this.apply(message));
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }

  /** The change feed: called for every applied entry, in stream order. */
  onChange(listener: (change: GlobalReplicaChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(kind: GlobalViewEntry['kind'], name: string): GlobalViewResource | undefined {
    return this.entries.get(`${kind}|${name}`)?.resource;
  }

  list(kind: GlobalViewEntry['kind']): GlobalViewEntry[] {
    return [...this.entries.values()].filter((entry) => entry.kind === kind && entry.resource !== undefined);
  }

  status(): ReplicaStatus | undefined {
    const status = this.follower?.status();
    if (!status) return undefined;
    let live = 0;
    for (const entry of this.entries.values()) if (entry.resource !== undefined) live++;
    return { ...status, entries: live, sinceProgressMs: Date.now() - status.lastProgressAtMs };
  }

  private apply(message: ConsumedMessage): void {
    const decoded = decodeGlobalViewEntry(message.data);
    if (!decoded.ok) {
      this.options.logger.warn({ subject: message.subject, seq: message.seq, error: decoded.error }, 'undecodable GLOBAL entry; ignored');
      return;
    }
    const entry = decoded.value;
    this.entries.set(`${entry.kind}|${entry.name}`, entry);
    const change = { kind: entry.kind, name: entry.name, resource: entry.resource };
    for (const listener of this.listeners) listener(change);
  }
}
