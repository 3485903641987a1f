import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { markSilentZonesOffline, type KumikoDatabase } from '@kumiko/store';

export interface ZoneLivenessMonitorOptions {
  readonly idleTimeoutMs: number;
  /**
   * The time up to which zone events are projected (ZoneProjector.projectedThrough); `undefined`
   * skips the check. Default: now (the projection is taken as current).
   */
  readonly projectedThrough?: () => number | undefined;
  readonly logger: Logger;
}

/**
 * Marks zones offline once they have been silent for `idleTimeoutMs` (checked every quarter of it).
 * Their resources are kept and still served, as Kuma does for a disconnected zone. Silence is
 * measured up to where the projection has got, not up to the wall clock: while the projector is
 * behind (Postgres was away, a backlog), heartbeats still in the stream do not count as missing.
 */
export class ZoneLivenessMonitor {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    private readonly options: ZoneLivenessMonitorOptions,
  ) {}

  start(): void {
    const every = Math.max(250, Math.floor(this.options.idleTimeoutMs / 4));
    this.timer = setInterval(() => {
      this.checking ??= this.check().finally(() => {
        this.checking = undefined;
      });
    }, every);
  }

  private async check(): Promise<void> {
    const now = new Date();
    const { projectedThrough } = this.options;
    const through = projectedThrough === undefined ? now.getTime() : projectedThrough();
    if (through === undefined) return;
    try {
      const zones = await markSilentZonesOffline(this.db, new Date(Math.min(through, now.getTime()) - this.options.idleTimeoutMs), now);
      for (const zone of zones) this.options.logger.warn({ zone }, 'zone went offline (no heartbeat); its resources are kept');
    } catch (error) {
      this.options.logger.warn({ err: error }, 'zone liveness check failed');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }
}
