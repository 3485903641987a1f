import type { Logger } from 'pino';
import { pino } from 'pino';
import { availableServicesEqual, computeAvailableServices } from '@kumiko/api';
import { ConcurrencyConflictError } from '@kumiko/bus';
import { SubjectKinds } from '@kumiko/events';
import type { ZoneResourceStore } from '../zone-resource-store.js';
import type { GlobalStateSource } from './zone-state-sources.js';

/** Delay before retrying after a failed write. */
const RETRY_MS = 1_000;

/** What the updater uses of the zone's store. */
export type AvailableServicesStore = Pick<ZoneResourceStore, 'list' | 'onChange' | 'upsert'>;

export interface AvailableServicesUpdaterOptions {
  /** Quiet time after the last relevant change before recomputing. Default: 25 ms. */
  readonly debounceMs?: number;
  /** `KUMA_EXPERIMENTAL_INGRESS_TAG_FILTERS`. Default: keep every tag. */
  readonly tagFilters?: readonly string[];
  /** Default: silent. */
  readonly logger?: Logger;
}

/**
 * Keeps `availableServices` of this zone's ZoneIngresses equal to what the zone's Dataplanes offer
 * (as Kuma's zone ingress updater does): recomputed when Dataplanes, ZoneIngresses or meshes
 * change (never for DataplaneInsights), written only when different, so its own write settles.
 * Runs are serialised; an ingress changed or deleted meanwhile is never overwritten (the change
 * schedules the next run), and any other failed write is retried after a pause.
 */
export class AvailableServicesUpdater {
  private readonly store: AvailableServicesStore;
  private readonly replica: GlobalStateSource;
  private readonly debounceMs: number;
  private readonly tagFilters: readonly string[];
  private readonly logger: Logger;
  private unsubscribe: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(store: AvailableServicesStore, replica: GlobalStateSource, options: AvailableServicesUpdaterOptions = {}) {
    this.store = store;
    this.replica = replica;
    this.debounceMs = options.debounceMs ?? 25;
    this.tagFilters = options.tagFilters ?? [];
    this.logger = options.logger ?? pino({ level: 'silent' });
  }

  /** Follows changes and schedules a first run for what the store holds now. */
  start(): void {
    if (this.unsubscribe.length > 0) return;
    this.unsubscribe = [
      this.store.onChange((change) => {
        if (change.key.kind === SubjectKinds.Dataplane || change.key.kind === SubjectKinds.ZoneIngress) this.schedule();
      }),
      this.replica.onChange((change) => {
        if (change.kind === SubjectKinds.Mesh) this.schedule();
      }),
    ];
    this.schedule();
  }

  /** Stops following; waits for a run in progress. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Recomputes and writes now (after a run in progress); resolves to the number of ingresses written. */
  async update(): Promise<number> {
    while (this.running) await this.running;
    let written = 0;
    const run = (async () => {
      written = await this.writeAvailableServices();
    })();
    this.running = run;
    try {
      await run;
    } finally {
      this.running = undefined;
    }
    return written;
  }

  private async writeAvailableServices(): Promise<number> {
    const services = computeAvailableServices({
      dataplanes: this.store.list(SubjectKinds.Dataplane),
      meshes: this.replica.list(SubjectKinds.Mesh).flatMap((entry) => (entry.resource?.type === 'Mesh' ? [entry.resource] : [])),
      tagFilters: this.tagFilters,
    });
    let written = 0;
    for (const ingress of this.store.list(SubjectKinds.ZoneIngress)) {
      if (availableServicesEqual(ingress.availableServices, services)) continue;
      try {
        await this.store.upsert({ ...ingress, availableServices: services }, { replacing: ingress });
      } catch (error) {
        // The ingress changed or went away meanwhile; that change scheduled the next run.
        if (!(error instanceof ConcurrencyConflictError)) throw error;
        this.logger.debug({ zoneIngress: ingress.name }, 'ZoneIngress changed while computing; recomputing');
        continue;
      }
      written++;
      this.logger.debug({ zoneIngress: ingress.name, services: services.length }, 'availableServices updated');
    }
    return written;
  }

  private schedule(delayMs = this.debounceMs): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'availableServices not updated; retrying');
        if (this.unsubscribe.length > 0) this.schedule(RETRY_MS);
      });
    }, delayMs);
  }
}
