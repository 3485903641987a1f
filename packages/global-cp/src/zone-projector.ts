import { performance } from 'node:perf_hooks';
import type { JetStreamClient, JetStreamManager } from 'nats';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { DurableBatchConsumer, type ConsumerLag } from '@kumiko/bus';
import { ALL_ZONES_FILTER } from '@kumiko/events';
import {
  planPreparedBatch,
  prepareZoneMessage,
  readCheckpoint,
  writeZoneBatch,
  type KumikoDatabase,
  type PreparedZoneMessage,
} from '@kumiko/store';

export interface ZoneProjectorOptions {
  readonly stream: string;
  /** Durable consumer name; also the checkpoint row's name. */
  readonly name: string;
  readonly maxBatch: number;
  readonly globalInstanceId: string;
  /** Called after every committed batch that queued outbox rows (wakes the relay). */
  readonly onOutbox: () => void;
  readonly logger: Logger;
}

export interface ZoneProjectorStats {
  readonly batches: number;
  readonly events: number;
  readonly rejected: number;
  readonly checkpoint: number;
  readonly lag: ConsumerLag | undefined;
}

/**
 * Projects the ZONES stream into Postgres: batch → plan (zone pinned from subjects) → one
 * transaction with the checkpoint → acknowledge. On start the durable consumer is re-anchored at
 * checkpoint + 1, so delivery is in stream order from the first uncommitted message and a
 * redelivered message at or below the checkpoint can only be a duplicate: exactly once in effect.
 */
export class ZoneProjector {
  private consumer: DurableBatchConsumer<PreparedZoneMessage> | undefined;
  private counters = { batches: 0, events: 0, rejected: 0, checkpoint: 0 };

  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: ZoneProjectorOptions,
  ) {}

  async start(): Promise<void> {
    const { stream, name, maxBatch, logger } = this.options;
    const checkpoint = await readCheckpoint(this.db, name);
    this.counters.checkpoint = checkpoint;
    this.consumer = new DurableBatchConsumer(this.js, this.jsm, {
      stream,
      durable: name,
      filterSubject: ALL_ZONES_FILTER,
      startSequence: checkpoint + 1,
      maxBatch,
      maxAckPending: maxBatch * 4,
      // Decoding happens as messages arrive, overlapping the previous batch's transaction.
      prepare: prepareZoneMessage,
      logger,
    });
    logger.info({ checkpoint }, 'zone projector starting after checkpoint');
    await this.consumer.start((batch) => this.project(batch));
  }

  private async project(batch: readonly PreparedZoneMessage[]): Promise<void> {
    const { logger, name, globalInstanceId, onOutbox } = this.options;
    const started = performance.now();
    const plan = planPreparedBatch(batch);
    const planned = performance.now();
    const result = await writeZoneBatch(this.db, plan, { checkpoint: name, globalInstanceId });
    logger.debug(
      { size: batch.length, planMs: Math.round(planned - started), writeMs: Math.round(performance.now() - planned), ...result },
      'batch projected',
    );
    for (const rejection of plan.rejections) {
      if (rejection.seq > this.counters.checkpoint) logger.warn(rejection, 'zone event rejected');
    }
    this.counters = {
      batches: this.counters.batches + 1,
      events: this.counters.events + batch.length,
      rejected: this.counters.rejected + result.rejected,
      checkpoint: result.checkpoint,
    };
    if (result.outbox > 0) onOutbox();
  }

  stats(): ZoneProjectorStats {
    return { ...this.counters, lag: this.consumer?.lag() };
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
