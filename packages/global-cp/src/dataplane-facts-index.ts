import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  buildServiceInsights,
  dataplaneFactsFrom,
  dataplaneStatus,
  gatewayFilterMatches,
  insightFactsFrom,
  tagSetMatches,
  type DataplaneFacts,
  type DataplaneFactsEntry,
  type DataplaneStatus,
  type GatewayFilter,
  type InsightFacts,
  type ServiceInsightStat,
  type ServiceStatus,
  type TagCondition,
} from '@kumiko/api';
import {
  pruneResourceDeletions,
  readDataplaneChanges,
  readDataplaneSnapshot,
  type DataplaneDeletion,
  type DataplanePosition,
  type DataplaneKey,
  type DataplaneRow,
  type KumikoDatabase,
  type TagPrefilter,
} from '@kumiko/store';
import { TagValueCatalogue } from './tag-value-catalogue.js';

export interface DataplaneFactsIndexOptions {
  /** How often the index catches up with the projection (Kuma's insight resync interval). */
  readonly syncIntervalMs: number;
  readonly logger: Logger;
}

/** Counts by status, as Kuma's insights report them. */
export interface StatusCounts {
  total: number;
  online: number;
  offline: number;
  partiallyDegraded: number;
}

export interface DataplaneSummary {
  readonly dataplanes: { readonly standard: StatusCounts; readonly gatewayBuiltin: StatusCounts; readonly gatewayDelegated: StatusCounts };
  readonly services: { readonly internal: StatusCounts; readonly gatewayBuiltin: StatusCounts; readonly gatewayDelegated: StatusCounts };
}

interface Entry {
  dataplane?: DataplaneFacts;
  insight?: InsightFacts;
}

/** A consistent set of facts; replaced whole by a reload, changed in place by a catch-up. */
class FactsState {
  readonly meshes = new Map<string, Map<string, Entry>>();
  readonly catalogue = new TagValueCatalogue();
  /** Per mesh, bumped on every change (invalidates cached service insights). */
  readonly versions = new Map<string, number>();
  readonly serviceInsights = new Map<string, { readonly version: number; readonly stats: ServiceInsightStat[] }>();
  /** Per mesh: when this state first saw it, and when it last changed. */
  readonly times = new Map<string, { readonly firstSeen: Date; changed: Date }>();

  apply(row: DataplaneRow): void {
    const entry = this.entry(row.mesh, row.name, true);
    if (row.type === 'Dataplane') {
      if (entry.dataplane !== undefined) this.catalogue.remove(entry.dataplane.tagSets);
      entry.dataplane = dataplaneFactsFrom(row.spec);
      this.catalogue.add(entry.dataplane.tagSets);
    } else {
      entry.insight = insightFactsFrom(row.spec);
    }
    this.touch(row.mesh);
  }

  delete(deletion: DataplaneDeletion): void {
    const entry = this.entry(deletion.mesh, deletion.name, false);
    if (entry === undefined) return;
    if (deletion.type === 'Dataplane') {
      if (entry.dataplane !== undefined) this.catalogue.remove(entry.dataplane.tagSets);
      delete entry.dataplane;
    } else {
      delete entry.insight;
    }
    if (entry.dataplane === undefined && entry.insight === undefined) this.meshes.get(deletion.mesh)?.delete(deletion.name);
    this.touch(deletion.mesh);
  }

  *dataplanes(mesh: string): Generator<DataplaneFactsEntry> {
    for (const entry of this.meshes.get(mesh)?.values() ?? []) {
      if (entry.dataplane !== undefined) yield { dataplane: entry.dataplane, insight: entry.insight };
    }
  }

  private entry(mesh: string, name: string, create: true): Entry;
  private entry(mesh: string, name: string, create: false): Entry | undefined;
  private entry(mesh: string, name: string, create: boolean): Entry | undefined {
    let byName = this.meshes.get(mesh);
    if (byName === undefined) {
      if (!create) return undefined;
      byName = new Map();
      this.meshes.set(mesh, byName);
    }
    let entry = byName.get(name);
    if (entry === undefined && create) {
      entry = {};
      byName.set(name, entry);
    }
    return entry;
  }

  private touch(mesh: string): void {
    this.versions.set(mesh, (this.versions.get(mesh) ?? 0) + 1);
    const now = new Date();
    const times = this.times.get(mesh);
    if (times === undefined) this.times.set(mesh, { firstSeen: now, changed: now });
    else times.changed = now;
  }
}

/** Beyond this many candidate values for one tag key, its prefilter is left out. */
const MAX_PREFILTER_VALUES = 256;
/** Deletions are remembered this long; a reader that has not caught up for half of it reloads instead. */
const DELETION_RETENTION_MS = 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

const emptyCounts = (): StatusCounts => ({ total: 0, online: 0, offline: 0, partiallyDegraded: 0 });

/** Counts one Dataplane or service by its status (`not_available` only adds to the total). */
function countStatus(counts: StatusCounts, status: DataplaneStatus | ServiceStatus): void {
  counts.total++;
  if (status === 'online') counts.online++;
  else if (status === 'offline') counts.offline++;
  else if (status === 'partially_degraded') counts.partiallyDegraded++;
}

/**
 * An in-memory read model of the projected Dataplanes and their insights — what Kuma keeps in its
 * ServiceInsight and MeshInsight resources — caught up with Postgres every `syncIntervalMs` (writes after the
 * last ZONES sequence it saw, deletions from the deletion log), so that service insights, the global insight
 * and tag searches never scan every Dataplane's JSON. Readers get whatever state the last catch-up produced;
 * it is at most about one interval behind, as Kuma's insights are. Each global CP replica keeps its own.
 */
export class DataplaneFactsIndex {
  private state = new FactsState();
  private position: DataplanePosition | undefined;
  private lastSyncAtMs = 0;
  private lastPruneAtMs = 0;
  private syncing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly loaded: Promise<void>;
  private markLoaded: () => void = () => undefined;

  constructor(
    private readonly db: Kysely<KumikoDatabase>,
    private readonly options: DataplaneFactsIndexOptions,
  ) {
    this.loaded = new Promise((resolve) => {
      this.markLoaded = resolve;
    });
  }

  /** Loads the facts in the background and keeps catching up. */
  start(): void {
    void this.sync();
    this.timer = setInterval(() => void this.sync(), this.options.syncIntervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.markLoaded();
    await this.syncing;
  }

  /** Resolves once the first full load is done (or the index stops). */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  isLoaded(): boolean {
    return this.position !== undefined;
  }

  /** Catches up now; concurrent callers share one round. */
  sync(): Promise<void> {
    this.syncing ??= this.syncOnce().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /** The mesh's services, computed from the current facts (cached until the mesh changes). The caller must not mutate them. */
  serviceInsights(mesh: string): readonly ServiceInsightStat[] {
    const state = this.state;
    const version = state.versions.get(mesh) ?? 0;
    const cached = state.serviceInsights.get(mesh);
    if (cached !== undefined && cached.version === version) return cached.stats;
    const stats = buildServiceInsights(state.dataplanes(mesh));
    state.serviceInsights.set(mesh, { version, stats });
    return stats;
  }

  /** When the mesh's facts were first seen and last changed (the times of its service insights). */
  meshTimes(mesh: string): { readonly creationTime: Date; readonly modificationTime: Date } {
    const times = this.state.times.get(mesh);
    const now = new Date();
    return { creationTime: times?.firstSeen ?? now, modificationTime: times?.changed ?? now };
  }

  /** Meshes that have Dataplanes, sorted. */
  meshesWithDataplanes(): string[] {
    return [...this.state.meshes.entries()]
      .filter(([, entries]) => [...entries.values()].some((entry) => entry.dataplane !== undefined))
      .map(([mesh]) => mesh)
      .sort();
  }

  /** Dataplanes by kind and status, services by type and status, across every mesh. */
  summary(): DataplaneSummary {
    const dataplanes = { standard: emptyCounts(), gatewayBuiltin: emptyCounts(), gatewayDelegated: emptyCounts() };
    const services = { internal: emptyCounts(), gatewayBuiltin: emptyCounts(), gatewayDelegated: emptyCounts() };
    for (const mesh of this.state.meshes.keys()) {
      for (const { dataplane, insight } of this.state.dataplanes(mesh)) {
        const kind =
          dataplane.gateway === undefined ? 'standard' : dataplane.gateway.kind === 'BUILTIN' ? 'gatewayBuiltin' : 'gatewayDelegated';
        countStatus(dataplanes[kind], dataplaneStatus(dataplane, insight?.online ?? false));
      }
      for (const stat of this.serviceInsights(mesh)) {
        const kind =
          stat.serviceType === 'gateway_builtin'
            ? 'gatewayBuiltin'
            : stat.serviceType === 'gateway_delegated'
              ? 'gatewayDelegated'
              : 'internal';
        countStatus(services[kind], stat.status);
      }
    }
    return { dataplanes, services };
  }

  /**
   * The Dataplanes (of `mesh`, or of every mesh) that satisfy the filter as of the index's position — Kuma's
   * fuzzy tag match over inbound and gateway tag sets, the gateway mode, the name substring — or `undefined`
   * before the first load. Pair it with the position to account for later writes (`listMatchedDataplanes`).
   */
  matchDataplanes(
    mesh: string | undefined,
    filter: { readonly tags: readonly TagCondition[]; readonly gateway: GatewayFilter; readonly nameContains: string },
  ): { readonly position: DataplanePosition; readonly matched: DataplaneKey[] } | undefined {
    const position = this.position;
    if (position === undefined) return undefined;
    const matched: DataplaneKey[] = [];
    const meshes = mesh === undefined ? [...this.state.meshes.keys()] : [mesh];
    for (const meshName of meshes) {
      for (const [name, entry] of this.state.meshes.get(meshName) ?? []) {
        const facts = entry.dataplane;
        if (facts === undefined || !name.includes(filter.nameContains) || !gatewayFilterMatches(facts.gateway?.kind, filter.gateway))
          continue;
        if (filter.tags.length === 0 || facts.tagSets.some((tags) => tagSetMatches(tags, filter.tags)))
          matched.push({ mesh: meshName, name });
      }
    }
    return { position, matched };
  }

  /**
   * An exact-value superset of `tags` for the tag-set GIN index, or `undefined` before the first load or when
   * no key narrows the search. Dataplanes written after the catalogue's sequence are always rechecked.
   */
  tagPrefilter(tags: readonly TagCondition[]): TagPrefilter | undefined {
    const position = this.position;
    if (position === undefined) return undefined;
    const candidates: Array<{ key: string; values: string[] }> = [];
    for (const tag of tags) {
      const values = this.state.catalogue.matching(tag.key, tag.value, MAX_PREFILTER_VALUES);
      if (values !== undefined) candidates.push({ key: tag.key, values });
    }
    return candidates.length === 0 ? undefined : { candidates, catalogueSeq: position.seq };
  }

  private async syncOnce(): Promise<void> {
    if (this.stopped) return;
    const { logger } = this.options;
    const now = Date.now();
    try {
      if (this.position === undefined || now - this.lastSyncAtMs > DELETION_RETENTION_MS / 2) await this.reload();
      else await this.catchUp(this.position);
      this.lastSyncAtMs = now;
      if (now - this.lastPruneAtMs > PRUNE_EVERY_MS) {
        this.lastPruneAtMs = now;
        await pruneResourceDeletions(this.db, new Date(now - DELETION_RETENTION_MS));
      }
    } catch (error) {
      if (!this.stopped) logger.warn({ err: error }, 'dataplane facts catch-up failed; retrying at the next interval');
    }
  }

  private async reload(): Promise<void> {
    const started = Date.now();
    const state = new FactsState();
    let rows = 0;
    const position = await readDataplaneSnapshot(this.db, (page) => {
      for (const row of page) state.apply(row);
      rows += page.length;
    });
    this.state = state;
    this.position = position;
    this.markLoaded();
    this.options.logger.info({ rows, seq: position.seq, ms: Date.now() - started }, 'dataplane facts loaded');
  }

  private async catchUp(since: DataplanePosition): Promise<void> {
    const changes = await readDataplaneChanges(this.db, since);
    for (const deletion of changes.deletions) this.state.delete(deletion);
    for (const row of changes.upserts) this.state.apply(row);
    this.position = changes.position;
  }
}
