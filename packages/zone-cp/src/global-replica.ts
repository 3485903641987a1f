import type { JetStreamClient } from 'nats';
import type { Logger } from 'pino';
import { SubjectFollower, type ConsumedMessage, type FollowerStatus } from '@kumiko/bus';
import { decodeGlobalViewEntry, GLOBAL_FILTER, type GlobalViewEntry, type GlobalViewResource } from '@kumiko/events';

export interface GlobalReplicaChange {
  readonly kind: GlobalViewEntry['kind'];
  /** Present exactly for mesh-scoped types. */
  readonly mesh?: string;
  readonly name: string;
  /** `undefined`: removed (deleted, or its zone disabled or deleted). A zone proxy names its zone itself. */
  readonly resource: GlobalViewResource | undefined;
}

export interface ReplicaStatus extends FollowerStatus {
  readonly entries: number;
  /** GLOBAL messages skipped because they could not be read (logged once each). */
  readonly skipped: number;
  /** Time since the last change or catch-up: how stale the replica may be. */
  readonly sinceProgressMs: number;
}

function entryKey(kind: string, mesh: string | undefined, name: string): string {
  return `${kind}|${mesh ?? ''}|${name}`;
}

/**
 * The zone's copy of the global view (meshes, their Secrets, other zones' ZoneIngresses, ZoneEgresses, zones):
 * read as the last message of every GLOBAL subject at start, then followed live. While NATS or the
 * global CP is unreachable it keeps serving what it has; the follower resumes by itself.
 */
export class GlobalReplica {
  private readonly entries = new Map<string, GlobalViewEntry>();
  private readonly listeners = new Set<(change: GlobalReplicaChange) => void>();
  private follower: SubjectFollower | undefined;
  /** Messages skipped because they could not be read, since start. */
  private skipped = 0;

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

  /** One resource of the view; `mesh` for mesh-scoped types. */
  get(kind: GlobalViewEntry['kind'], name: string, mesh?: string): GlobalViewResource | undefined {
    return this.entries.get(entryKey(kind, mesh, name))?.resource;
  }

  /** The live resources of one kind (of one mesh, when `mesh` is given). */
  list(kind: GlobalViewEntry['kind'], mesh?: string): GlobalViewEntry[] {
    return [...this.entries.values()].filter(
      (entry) => entry.kind === kind && entry.resource !== undefined && (mesh === undefined || entry.mesh === mesh),
    );
  }

  status(): ReplicaStatus | undefined {
    const status = this.follower?.status();
    if (!status) return undefined;
    let live = 0;
    for (const entry of this.entries.values()) if (entry.resource !== undefined) live++;
    return { ...status, entries: live, skipped: this.skipped, sinceProgressMs: Date.now() - status.lastProgressAtMs };
  }

  /**
   * Applies one GLOBAL message. Nothing in a message stops the replica: an entry that does not decode
   * (or that throws while being read) is logged once, with a bounded reason, and skipped; a listener
   * that throws on an entry is logged and the other listeners and later entries still run.
   */
  private apply(message: ConsumedMessage): void {
    const { logger } = this.options;
    let entry: GlobalViewEntry;
    try {
      const decoded = decodeGlobalViewEntry(message.data);
      if (!decoded.ok) {
        this.skipped++;
        logger.warn({ subject: message.subject, seq: message.seq, error: bounded(decoded.error) }, 'undecodable GLOBAL entry; skipped');
        return;
      }
      entry = decoded.value;
    } catch (error) {
      this.skipped++;
      logger.warn({ subject: message.subject, seq: message.seq, error: bounded(String(error)) }, 'unreadable GLOBAL entry; skipped');
      return;
    }
    this.entries.set(entryKey(entry.kind, entry.mesh, entry.name), entry);
    const change = {
      kind: entry.kind,
      ...(entry.mesh === undefined ? {} : { mesh: entry.mesh }),
      name: entry.name,
      resource: entry.resource,
    };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        logger.error({ err: error, subject: message.subject, seq: message.seq }, 'a GLOBAL entry listener failed; entry kept');
      }
    }
  }
}

/** Reasons are logged at most this long: a hostile entry must not flood the log. */
const REASON_LIMIT = 1_000;

function bounded(reason: string): string {
  return reason.length > REASON_LIMIT ? `${reason.slice(0, REASON_LIMIT)}…` : reason;
}
