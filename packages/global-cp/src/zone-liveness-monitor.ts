import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { markSilentZonesOffline, type KumikoDatabase } from '@kumiko/store';

/**
 * Marks zones offline once they have been silent for `idleTimeoutMs` (checked every quarter of it).
 * Their resources are kept and still served, as Kuma does for a disconnected zone.
 */
export class ZoneLivenessMonitor {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    private readonly options: { readonly idleTimeoutMs: number; readonly logger: Logger },
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
    try {
      const zones = await markSilentZonesOffline(this.db, new Date(now.getTime() - this.options.idleTimeoutMs), now);
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
