import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { KumikoDatabase } from '@kumiko/store';

export interface StoreHealthProbeOptions {
  /** How often Postgres is asked `SELECT 1`; a probe not answered within this time failed. */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * Whether Postgres answers, asked on a timer so `/ready` reads it without I/O. A change is logged
 * once (unreachable, reachable again), not every failed probe.
 */
export class StoreHealthProbe {
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private failure: string | undefined;

  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    private readonly options: StoreHealthProbeOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.probing ??= this.probe().finally(() => {
        this.probing = undefined;
      });
    }, this.options.intervalMs);
  }

  /** `undefined` while Postgres answers, else why it did not at the last probe. */
  unreachable(): string | undefined {
    return this.failure;
  }

  private async probe(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`SELECT 1`.execute(this.db),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.options.intervalMs} ms`)), this.options.intervalMs);
        }),
      ]);
      if (this.failure !== undefined) this.options.logger.info('Postgres reachable again');
      this.failure = undefined;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.failure === undefined) this.options.logger.warn({ reason }, 'Postgres unreachable');
      this.failure = `Postgres unreachable: ${reason}`;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.probing;
  }
}
