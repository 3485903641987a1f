import { ErrorCode, NatsError, type JetStreamClient } from 'nats';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { descriptorBySubjectKind } from '@kumiko/api';
import { EventBusUnavailableError, jsErrorCode, JsErrorCodes, publishToStream, sleepBackoff } from '@kumiko/bus';
import { encodeGlobalViewEntry, globalSubject, globalViewEntryKey, type GlobalViewEntry, type GlobalViewResource } from '@kumiko/events';
import { deleteOutboxThrough, readOutbox, type KumikoDatabase, type OutboxRow } from '@kumiko/store';

export interface OutboxRelayOptions {
  /** Rows read and published per round. Default 500. */
  readonly batchSize?: number;
  /** Safety-net poll when nobody wakes the relay (crash recovery, other writers). Default 1 s. */
  readonly pollIntervalMs?: number;
  readonly logger: Logger;
}

/**
 * Publishes committed outbox rows to the GLOBAL stream in commit order, then deletes them. The
 * message id is the outbox id, so a crash between publish and delete republishes as a duplicate that
 * JetStream drops. Within a round only the newest row per resource is published (GLOBAL keeps one
 * message per subject), which lets distinct resources be published concurrently without reordering.
 *
 * A row of a resource its type's `globalToZoneFilter` keeps on the global CP (private signing keys, the admin's
 * token) is withheld: deleted with the others, never published, counted neither as published nor as skipped. This
 * relay is the only writer of the GLOBAL stream, so that filter is applied here and nowhere else.
 *
 * A row that can never be published — it does not decode, or NATS refuses the message itself (larger
 * than its maximum payload, refused by the stream) — is logged once, counted as skipped and deleted
 * with the others, so it cannot hold back the rows after it. Any other failure (NATS or Postgres away)
 * fails the round, which is retried with backoff until it succeeds.
 */
export class OutboxRelay {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private published = 0;
  private skipped = 0;

  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    private readonly js: JetStreamClient,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** Something was committed to the outbox: publish it now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Rows published, and rows skipped because they could never be (both since this process started). */
  stats(): { readonly published: number; readonly skipped: number } {
    return { published: this.published, skipped: this.skipped };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { batchSize = 500, pollIntervalMs = 1_000, logger } = this.options;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        const rows = await readOutbox(this.db, batchSize);
        if (rows.length === 0) {
          await this.idle(pollIntervalMs);
          continue;
        }
        const outgoing = rows.filter(syncedToZones);
        const skipped = await this.publish(outgoing);
        await deleteOutboxThrough(this.db, rows[rows.length - 1]?.id ?? 0);
        this.published += outgoing.length - skipped;
        this.skipped += skipped;
        failures = 0;
      } catch (error) {
        if (this.abort.signal.aborted) break;
        logger.warn({ err: error }, 'outbox relay round failed; retrying');
        await sleepBackoff(failures++, this.abort.signal);
      }
    }
  }

  private async idle(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }

  /** Publishes the round's rows; returns how many can never be published (skipped, logged). */
  private async publish(rows: readonly OutboxRow[]): Promise<number> {
    let skipped = 0;
    const newest = new Map<string, OutboxRow>();
    for (const row of rows) newest.set(`${row.kind}|${row.mesh}|${row.name}`, row);
    await Promise.all(
      [...newest.values()].map(async (row) => {
        try {
          const entry = this.toEntry(row);
          if (entry === undefined) {
            skipped++;
            return;
          }
          await publishToStream(this.js, globalSubject(globalViewEntryKey(entry)), encodeGlobalViewEntry(entry), {
            msgId: `outbox-${row.id}`,
          });
        } catch (error) {
          if (!neverPublishable(error)) throw error;
          skipped++;
          this.options.logger.error(
            { id: row.id, kind: row.kind, mesh: row.mesh, name: row.name, reason: error instanceof Error ? error.message : String(error) },
            'outbox row cannot be published; skipped',
          );
        }
      }),
    );
    return skipped;
  }

  private toEntry(row: OutboxRow): GlobalViewEntry | undefined {
    const descriptor = descriptorBySubjectKind(row.kind);
    const decode = descriptor?.sync.globalToZone === true ? descriptor.decode : undefined;
    let resource: GlobalViewResource | undefined;
    if (decode && row.resource !== null) {
      const decoded = decode(row.resource);
      if (!decoded.ok) {
        this.options.logger.error(
          { id: row.id, kind: row.kind, name: row.name, issues: decoded.issues },
          'outbox row does not decode; not published',
        );
        return undefined;
      }
      resource = decoded.value as GlobalViewResource;
    }
    if (!decode) {
      this.options.logger.error({ id: row.id, kind: row.kind }, 'unknown outbox kind; not published');
      return undefined;
    }
    return {
      kind: row.kind as GlobalViewEntry['kind'],
      ...(row.mesh === '' ? {} : { mesh: row.mesh }),
      name: row.name,
      resource,
      outboxId: String(row.id),
      time: row.createdAt.toISOString(),
    };
  }
}

/** Whether the row's resource travels to zones: its type's `globalToZoneFilter` accepts its name (or it has none). */
function syncedToZones(row: OutboxRow): boolean {
  return descriptorBySubjectKind(row.kind)?.globalToZoneFilter?.(row.name) !== false;
}

/**
 * Failures that the same message meets on every try: NATS refuses its size, or the stream does
 * (larger than its `max_msg_size`), or encoding it exhausted the stack.
 * A publish that was not acknowledged (EventBusUnavailableError) or a lost connection is not one.
 */
function neverPublishable(error: unknown): boolean {
  if (error instanceof EventBusUnavailableError) return false;
  if (error instanceof RangeError) return true;
  if (!(error instanceof NatsError)) return false;
  return error.code === ErrorCode.MaxPayloadExceeded || jsErrorCode(error) === JsErrorCodes.messageTooLarge;
}
