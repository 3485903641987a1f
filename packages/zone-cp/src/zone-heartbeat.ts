import type { JetStreamClient } from 'nats';
import type { Logger } from 'pino';
import { nanoid } from 'nanoid';
import { KUMIKO_VERSION } from '@kumiko/api';
import { publishToStream } from '@kumiko/bus';
import { encodeZoneEvent, zoneEventSubject, type ZoneHeartbeat } from '@kumiko/events';

/**
 * Publishes this zone CP instance's heartbeat every `intervalMs` (status only: it never changes a
 * proxy's configuration). A failed beat is logged and the next one tried on schedule.
 */
export class ZoneHeartbeatPublisher {
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = new Date().toISOString();
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: {
      readonly zone: string;
      readonly instanceId: string;
      readonly intervalMs: number;
      readonly config: string;
      readonly logger: Logger;
    },
  ) {}

  start(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), this.options.intervalMs);
  }

  private beat(): void {
    if (this.inFlight) return;
    const { zone, instanceId, config, logger, intervalMs } = this.options;
    const event: ZoneHeartbeat = {
      type: 'ZoneHeartbeat',
      data: { instanceId, startedAt: this.startedAt, version: KUMIKO_VERSION, config },
      metadata: { eventId: nanoid(), zone, time: new Date().toISOString(), version: 1 },
    };
    this.inFlight = publishToStream(this.js, zoneEventSubject(event), encodeZoneEvent(event), {
      msgId: event.metadata.eventId,
      retryForMs: intervalMs,
    })
      .then(() => undefined)
      .catch((error: unknown) => logger.warn({ err: error }, 'heartbeat not published'))
      .finally(() => {
        this.inFlight = undefined;
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }
}
