import { performance } from 'node:perf_hooks';
import { CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, readClusterLoadAssignment, type LoadAssignment } from './load-assignment-reader.js';
import { WaitTimeoutError } from './wait-for.js';

/** The parts of a DiscoveryResponse the watch reads. */
export interface DiscoveryResponseLike {
  readonly type_url?: string;
  readonly version_info?: string;
  readonly nonce?: string;
  readonly resources?: ReadonlyArray<{ readonly type_url?: string; readonly value?: Uint8Array }>;
}

/** What the watch needs of a state-of-the-world ADS stream: @kumiko/xds's `SotwTestStream` is one. */
export interface SotwStreamLike {
  request(typeUrl: string, names: readonly string[], options?: { readonly version?: string; readonly nonce?: string }): void;
  next(timeoutMs?: number): Promise<DiscoveryResponseLike>;
  cancel(): void;
  /** Set once the stream ended. */
  readonly ended?: unknown;
}

/** One ClusterLoadAssignment as received. */
export interface EdsUpdate {
  /** `performance.now()` when the response was taken off the stream. */
  readonly receivedAtMs: number;
  readonly version: string;
  readonly assignment: LoadAssignment;
}

interface Waiter {
  readonly name: string;
  readonly accept: (assignment: LoadAssignment) => boolean;
  readonly resolve: (update: EdsUpdate) => void;
}

/**
 * Subscribes an ADS stream to the EDS of `names`, ACKs every response at once (as Envoy does) and
 * keeps the latest ClusterLoadAssignment per name, so tests can wait for what a proxy would see and
 * benchmarks can time when it saw it. The stream's node must be one the server has a snapshot for
 * (e.g. a registered Dataplane with outbounds to those services).
 */
export class EdsWatch {
  private readonly stream: SotwStreamLike;
  private readonly names: readonly string[];
  private readonly _latest = new Map<string, EdsUpdate>();
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<(update: EdsUpdate) => void>();
  private running: Promise<void> | undefined;
  private stopped = false;
  private _responses = 0;

  constructor(stream: SotwStreamLike, names: readonly string[]) {
    this.stream = stream;
    this.names = [...names];
  }

  /** Sends the subscription and starts reading. */
  start(): this {
    if (this.running === undefined) {
      this.stream.request(CLUSTER_LOAD_ASSIGNMENT_TYPE_URL, this.names);
      this.running = this.loop();
    }
    return this;
  }

  /** The latest assignment of `name`; `undefined` before the first one arrived. */
  latest(name: string): LoadAssignment | undefined {
    return this._latest.get(name)?.assignment;
  }

  /** EDS responses received so far. */
  get responses(): number {
    return this._responses;
  }

  /** Called with every assignment received, after `latest()` reflects it; returns an unsubscribe function. */
  onUpdate(listener: (update: EdsUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first assignment of `name` that `accept` holds for: the latest one if it
   * already does, otherwise the next that does. Rejects with a WaitTimeoutError after `timeoutMs`
   * (default 30 s) whose message shows the latest assignment.
   */
  until(name: string, accept: (assignment: LoadAssignment) => boolean, what = `EDS of ${name}`, timeoutMs = 30_000): Promise<EdsUpdate> {
    const latest = this._latest.get(name);
    if (latest !== undefined && accept(latest.assignment)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        name,
        accept,
        resolve: (update) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(update);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this._latest.get(name)?.assignment;
        const error = new WaitTimeoutError(`${what} (latest: ${seen === undefined ? 'none' : JSON.stringify(seen.endpoints)})`, timeoutMs);
        reject(error);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Cancels the stream. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stream.cancel();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let response: DiscoveryResponseLike;
      try {
        response = await this.stream.next(60_000);
      } catch {
        if (this.stream.ended !== undefined) return;
        continue;
      }
      const receivedAtMs = performance.now();
      const typeUrl = response.type_url ?? '';
      this.stream.request(typeUrl, this.names, { version: response.version_info ?? '', nonce: response.nonce ?? '' });
      if (typeUrl !== CLUSTER_LOAD_ASSIGNMENT_TYPE_URL) continue;
      this._responses++;
      for (const any of response.resources ?? []) {
        const update = {
          receivedAtMs,
          version: response.version_info ?? '',
          assignment: readClusterLoadAssignment(any.value ?? new Uint8Array()),
        };
        this._latest.set(update.assignment.clusterName, update);
        for (const listener of this.listeners) listener(update);
        for (const waiter of [...this.waiters]) {
          if (waiter.name === update.assignment.clusterName && waiter.accept(update.assignment)) waiter.resolve(update);
        }
      }
    }
  }
}
