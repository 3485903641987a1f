/**
 * Runs at most `limit` tasks at once, the others in arrival order as running ones settle. Issuing thousands of
 * certificates at once (a zone CP restart, a CA change) would otherwise start every signing in one go: the thread
 * pool's queue grows by thousands and each completion's event-loop work lands in the same few loop turns, so the
 * streams of other proxies wait behind all of it.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a concurrency limit is a positive integer, not ${limit}`);
  }

  /** Runs `task` once a slot is free; settles as it does. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next();
    }
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }
}
