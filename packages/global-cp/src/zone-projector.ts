import { performance } from 'node:perf_hooks';
import type { JetStreamClient, JetStreamManager } from 'nats';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { DurableBatchConsumer, type ConsumedMessage, type ConsumerLag } from '@kumiko/bus';
import { ALL_ZONES_FILTER } from '@kumiko/events';
import {
  isPermanentDataError,
  planPreparedBatch,
  prepareZoneMessage,
  readCheckpoint,
  rejectionOf,
  sqlState,
  storableText,
  writeZoneBatch,
  type KumikoDatabase,
  type PreparedZoneMessage,
  type WriteResult,
  type ZoneBatchPlan,
} from '@kumiko/store';

export interface ZoneProjectorOptions {
  readonly stream: string;
  /** Durable consumer name; also the checkpoint row's name. */
  readonly name: string;
  readonly maxBatch: number;
  readonly globalInstanceId: string;
  /**
   * The projector counts as stalled once batches have been failing (Postgres away, a conflict)
   * for this long, or messages have been pending without any being handled for this long.
   */
  readonly stallTimeoutMs: number;
  /** Called after every committed batch that queued outbox rows (wakes the relay). */
  readonly onOutbox: () => void;
  readonly logger: Logger;
}

export interface ZoneProjectorStats {
  readonly batches: number;
  readonly events: number;
  /** Messages recorded in `projection_rejections` and skipped, since this process started. */
  readonly rejected: number;
  /** Batches whose write failed and that were retried message by message. */
  readonly isolatedBatches: number;
  readonly checkpoint: number;
  readonly lag: ConsumerLag | undefined;
}

/** Whether the projector makes progress; `reason` says why not. */
export interface ProjectorHealth {
  readonly stalled: boolean;
  readonly reason?: string;
}

/** A ZONES message with what it means, computed as it arrives. */
interface PreparedMessage {
  readonly message: ConsumedMessage;
  readonly prepared: PreparedZoneMessage;
}

/**
 * Projects the ZONES stream into Postgres: batch → plan (zone pinned from subjects) → one
 * transaction with the checkpoint → acknowledge. On start the durable consumer is re-anchored at
 * checkpoint + 1, so delivery is in stream order from the first uncommitted message and a
 * redelivered message at or below the checkpoint can only be a duplicate: exactly once in effect.
 *
 * No message can stop the projection. One that does not decode or claims another zone is planned as
 * a rejection. One that Postgres refuses (a NUL in a name, nesting too deep; see
 * isPermanentDataError) fails its whole batch; the batch is then written again message by message,
 * each in its own transaction with the checkpoint, and only the refused message is recorded as a
 * rejection instead — the others are applied once, as in a batch. Every rejection is recorded in
 * `projection_rejections`, counted, logged once, and the checkpoint moves past it. Any other
 * failure (Postgres or NATS away) is retried with the same batch until it succeeds; after
 * `stallTimeoutMs` the projector reports itself stalled.
 */
export class ZoneProjector {
  private consumer: DurableBatchConsumer<PreparedMessage> | undefined;
  private counters = { batches: 0, events: 0, rejected: 0, isolatedBatches: 0, checkpoint: 0 };
  /** Since when batches have been failing; `undefined` while they succeed. */
  private failingSince: number | undefined;
  private lastFailure = '';

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
      prepare: (message) => ({ message, prepared: prepareZoneMessage(message) }),
      logger,
    });
    logger.info({ checkpoint }, 'zone projector starting after checkpoint');
    await this.consumer.start((batch) => this.projectOrRecord(batch));
  }

  /** Projects a batch, tracking failures for {@link health}; a throw makes the consumer retry the batch. */
  private async projectOrRecord(batch: readonly PreparedMessage[]): Promise<void> {
    try {
      await this.project(batch);
      this.failingSince = undefined;
    } catch (error) {
      this.failingSince ??= Date.now();
      this.lastFailure = storableText(error instanceof Error ? error.message : String(error), 200);
      throw error;
    }
  }

  private async project(batch: readonly PreparedMessage[]): Promise<void> {
    const { logger } = this.options;
    const started = performance.now();
    const plan = planPreparedBatch(batch.map((item) => item.prepared));
    const planned = performance.now();
    let result: WriteResult;
    try {
      result = await this.write(plan);
      this.committed(plan, result);
    } catch (error) {
      if (!isPermanentDataError(error)) throw error;
      logger.warn(
        { size: batch.length, firstSeq: batch[0]?.message.seq, sqlState: sqlState(error) },
        'Postgres refused part of a batch; writing it message by message',
      );
      result = await this.isolate(batch);
      this.counters.isolatedBatches++;
    }
    logger.debug(
      { size: batch.length, planMs: Math.round(planned - started), writeMs: Math.round(performance.now() - planned), ...result },
      'batch projected',
    );
    this.counters.batches++;
    this.counters.events += batch.length;
    if (result.outbox > 0) this.options.onOutbox();
  }

  /**
   * Accounts for a committed write: its new rejections are counted and logged (once: a rejection at
   * or below the checkpoint before the write was logged when it was first committed), the
   * checkpoint advances.
   */
  private committed(plan: ZoneBatchPlan, result: WriteResult): void {
    for (const rejection of plan.rejections) {
      if (rejection.seq > this.counters.checkpoint) this.options.logger.warn(rejection, 'zone event rejected; skipped');
    }
    this.counters.rejected += result.rejected;
    this.counters.checkpoint = result.checkpoint;
  }

  /**
   * Writes a batch one message at a time, in stream order; a message Postgres refuses is written as
   * its rejection instead. Each write moves the checkpoint to its message (and is accounted for at
   * once), so a failure of another kind part-way leaves the messages before it committed exactly
   * once, and the batch's retry skips them.
   */
  private async isolate(batch: readonly PreparedMessage[]): Promise<WriteResult> {
    const total = { changed: 0, skipped: 0, rejected: 0, outbox: 0, checkpoint: this.counters.checkpoint };
    for (const { message, prepared } of [...batch].sort((a, b) => a.message.seq - b.message.seq)) {
      let single: ZoneBatchPlan = planPreparedBatch([prepared]);
      let result: WriteResult;
      try {
        result = await this.write(single);
      } catch (error) {
        if (!isPermanentDataError(error)) throw error;
        const state = sqlState(error);
        const reason = `rejected by Postgres${state === undefined ? '' : ` (${state})`}: ${error instanceof Error ? error.message : String(error)}`;
        const zone = 'command' in prepared ? prepared.command.zone : prepared.rejection.zone;
        single = planPreparedBatch([{ seq: message.seq, rejection: rejectionOf(message, zone, reason) }]);
        result = await this.write(single);
      }
      this.committed(single, result);
      total.changed += result.changed;
      total.skipped += result.skipped;
      total.rejected += result.rejected;
      total.outbox += result.outbox;
      total.checkpoint = result.checkpoint;
    }
    return total;
  }

  private write(plan: ZoneBatchPlan): Promise<WriteResult> {
    return writeZoneBatch(this.db, plan, { checkpoint: this.options.name, globalInstanceId: this.options.globalInstanceId });
  }

  stats(): ZoneProjectorStats {
    return { ...this.counters, lag: this.consumer?.lag() };
  }

  /**
   * Stalled: batches have been failing for `stallTimeoutMs` (the same batch is being retried), or
   * the consumer reported messages pending and none was handled for that long.
   */
  health(now: number = Date.now()): ProjectorHealth {
    const { stallTimeoutMs } = this.options;
    if (this.failingSince !== undefined && now - this.failingSince >= stallTimeoutMs) {
      return { stalled: true, reason: `batches failing for ${Math.round((now - this.failingSince) / 1000)} s: ${this.lastFailure}` };
    }
    const lag = this.consumer?.lag();
    if (lag !== undefined && lag.pendingMessages > 0 && lag.lastHandledAtMs > 0 && now - lag.lastHandledAtMs >= stallTimeoutMs) {
      return {
        stalled: true,
        reason: `${lag.pendingMessages} messages pending, none handled for ${Math.round((now - lag.lastHandledAtMs) / 1000)} s`,
      };
    }
    return { stalled: false };
  }

  /**
   * The time (ms since the epoch) up to which the projection is current: `now` while it keeps up
   * (no failure, nothing pending), else the time JetStream stored the last message it handled, or
   * `undefined` when it is behind and has handled nothing yet. Zone liveness judges heartbeats
   * against it, so a projection that lags (Postgres was away) never makes live zones look silent.
   */
  projectedThrough(now: number = Date.now()): number | undefined {
    const lag = this.consumer?.lag();
    const behind = this.failingSince !== undefined || (lag !== undefined && lag.pendingMessages > 0);
    if (!behind) return now;
    if (lag === undefined || lag.lastHandledAtMs === 0) return undefined;
    return lag.lastHandledAtMs - lag.lastHandledAgeMs;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
