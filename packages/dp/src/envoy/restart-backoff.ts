export interface RestartBackoffOptions {
  /** First delay after a crash. Default 1s. */
  readonly initialMs?: number;
  /** Delays double up to this. Default 30s. */
  readonly maxMs?: number;
  /** A run at least this long counts as stable: the next crash starts over at `initialMs`. Default 60s. */
  readonly stableAfterMs?: number;
}

export const DEFAULT_RESTART_BACKOFF: Required<RestartBackoffOptions> = { initialMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 };

/**
 * How long to wait before restarting a process that exited: `initialMs`, doubling with each crash
 * that follows a short run, capped at `maxMs`, and back to `initialMs` after a stable run. Pure state
 * machine: the caller measures run time and owns the timer.
 */
export class RestartBackoff {
  private readonly options: Required<RestartBackoffOptions>;
  private next: number;

  constructor(options: RestartBackoffOptions = {}) {
    this.options = {
      initialMs: options.initialMs ?? DEFAULT_RESTART_BACKOFF.initialMs,
      maxMs: options.maxMs ?? DEFAULT_RESTART_BACKOFF.maxMs,
      stableAfterMs: options.stableAfterMs ?? DEFAULT_RESTART_BACKOFF.stableAfterMs,
    };
    this.next = this.options.initialMs;
  }

  /** The delay before the next start, given how long the process just ran. */
  delayAfterRun(ranForMs: number): number {
    if (ranForMs >= this.options.stableAfterMs) this.next = this.options.initialMs;
    const delay = this.next;
    this.next = Math.min(this.next * 2, this.options.maxMs);
    return delay;
  }
}
