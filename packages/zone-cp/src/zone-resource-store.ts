import type { JetStreamClient } from 'nats';
import type { Logger } from 'pino';
import { nanoid } from 'nanoid';
import { injectZoneTag, type Dataplane, type DataplaneInsight, type ZoneEgress, type ZoneIngress } from '@kumiko/api';
import { publishToStream, SubjectFollower, type ConsumedMessage, type FollowerStatus } from '@kumiko/bus';
import {
  decodeZoneEvent,
  encodeZoneEvent,
  parseZoneSubject,
  SubjectKinds,
  zoneEventKey,
  zoneSubject,
  zoneSubjectFilter,
  type SubjectKey,
  type ZoneEvent,
} from '@kumiko/events';

/** What a zone owns and publishes. */
export type ZoneResource = Dataplane | DataplaneInsight | ZoneIngress | ZoneEgress;

interface Entry {
  /** `undefined` once deleted (a tombstone keeps the sequence and version for the next writer). */
  readonly resource: ZoneResource | undefined;
  /** ZONES stream sequence of the subject's last message: the expected sequence of the next write. */
  readonly seq: number;
  readonly version: number;
}

export interface ZoneStoreChange {
  readonly key: SubjectKey;
  readonly resource: ZoneResource | undefined;
}

export interface ZoneResourceStoreOptions {
  readonly zone: string;
  readonly stream: string;
  readonly logger: Logger;
}

function keyString(key: SubjectKey): string {
  return `${key.kind}|${key.mesh ?? ''}|${key.name}`;
}

/**
 * The zone's own state. The ZONES stream is the store: at start the last message of every subject
 * of this zone is read back (no separate database); afterwards the store applies its own publishes
 * once JetStream acknowledged them and follows the stream for writes by other replicas of the zone.
 * Writes are optimistic: each carries the subject's last sequence as this store saw it, so a
 * concurrent writer makes it fail with ConcurrencyConflictError instead of losing an update.
 */
export class ZoneResourceStore {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(change: ZoneStoreChange) => void>();
  private follower: SubjectFollower | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: ZoneResourceStoreOptions,
  ) {}

  /** Rebuilds the state from the stream; resolves once complete. */
  async start(): Promise<void> {
    const { stream, zone, logger } = this.options;
    this.follower = new SubjectFollower(this.js, { stream, filterSubject: zoneSubjectFilter(zone), logger });
    await this.follower.start((message) => this.applyMessage(message));
    logger.info({ resources: this.size() }, 'zone state rebuilt from the stream');
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }

  status(): FollowerStatus | undefined {
    return this.follower?.status();
  }

  /** Called after every change, whoever made it; returns an unsubscribe function. */
  onChange(listener: (change: ZoneStoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(key: SubjectKey): ZoneResource | undefined {
    return this.entries.get(keyString(key))?.resource;
  }

  /** Live resources of one kind (optionally one mesh), in no particular order. */
  list(kind: SubjectKey['kind'], mesh?: string): ZoneResource[] {
    const out: ZoneResource[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.resource === undefined || !key.startsWith(`${kind}|`)) continue;
      if (mesh !== undefined && 'mesh' in entry.resource && entry.resource.mesh !== mesh) continue;
      out.push(entry.resource);
    }
    return out;
  }

  size(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.resource !== undefined) n++;
    return n;
  }

  /** Creates or updates a Dataplane, with `kuma.io/zone` injected into every inbound and gateway tag set. */
  async upsertDataplane(dataplane: Dataplane): Promise<{ created: boolean }> {
    return this.write({ type: 'DataplaneUpserted', data: { dataplane: injectZoneTag(dataplane, this.options.zone) } });
  }

  async upsertDataplaneInsight(insight: DataplaneInsight): Promise<{ created: boolean }> {
    return this.write({ type: 'DataplaneInsightUpdated', data: { insight } });
  }

  async upsertZoneIngress(zoneIngress: ZoneIngress): Promise<{ created: boolean }> {
    return this.write({ type: 'ZoneIngressUpserted', data: { zoneIngress: { ...zoneIngress, zone: '' } } });
  }

  async upsertZoneEgress(zoneEgress: ZoneEgress): Promise<{ created: boolean }> {
    return this.write({ type: 'ZoneEgressUpserted', data: { zoneEgress: { ...zoneEgress, zone: '' } } });
  }

  /** Deletes; resolves `false` when there was nothing to delete. */
  async delete(kind: typeof SubjectKinds.Dataplane | typeof SubjectKinds.ZoneIngress | typeof SubjectKinds.ZoneEgress, mesh: string | undefined, name: string): Promise<boolean> {
    if (this.get({ kind, mesh, name }) === undefined) return false;
    if (kind === SubjectKinds.Dataplane) await this.write({ type: 'DataplaneDeleted', data: { mesh: mesh ?? '', name } });
    else await this.write({ type: kind === SubjectKinds.ZoneIngress ? 'ZoneIngressDeleted' : 'ZoneEgressDeleted', data: { name } });
    return true;
  }

  private async write(partial: Omit<ZoneEvent, 'metadata'> & Pick<ZoneEvent, 'type' | 'data'>): Promise<{ created: boolean }> {
    const { zone, stream } = this.options;
    const key = zoneEventKey({ ...partial, metadata: { eventId: '', zone, time: '', version: 0 } } as ZoneEvent);
    const current = this.entries.get(keyString(key));
    const event = {
      ...partial,
      metadata: { eventId: nanoid(), zone, time: new Date().toISOString(), version: (current?.version ?? 0) + 1 },
    } as ZoneEvent;
    const subject = zoneSubject({ zone, ...key });
    const ack = await publishToStream(this.js, subject, encodeZoneEvent(event), {
      msgId: event.metadata.eventId,
      expectedLastSubjectSequence: current?.seq ?? 0,
    });
    if (ack.stream !== stream) this.options.logger.warn({ subject, stream: ack.stream }, 'published into an unexpected stream');
    this.apply(key, event, ack.seq);
    return { created: current?.resource === undefined };
  }

  private applyMessage(message: ConsumedMessage): void {
    const decoded = decodeZoneEvent(message.data);
    if (!decoded.ok) {
      this.options.logger.warn({ subject: message.subject, seq: message.seq, error: decoded.error }, 'undecodable message in own zone subjects; ignored');
      return;
    }
    let key: SubjectKey;
    try {
      key = parseZoneSubject(message.subject);
    } catch {
      return;
    }
    this.apply(key, decoded.value, message.seq);
  }

  /** Applies an event seen at `seq`, unless an equal or newer one was applied already. */
  private apply(key: SubjectKey, event: ZoneEvent, seq: number): void {
    if (key.kind === SubjectKinds.ZoneHeartbeat) return;
    const id = keyString(key);
    const current = this.entries.get(id);
    if (current && current.seq >= seq) return;
    const resource = resourceOf(event);
    this.entries.set(id, { resource, seq, version: event.metadata.version });
    for (const listener of this.listeners) listener({ key, resource });
  }
}

function resourceOf(event: ZoneEvent): ZoneResource | undefined {
  switch (event.type) {
    case 'DataplaneUpserted':
      return event.data.dataplane;
    case 'DataplaneInsightUpdated':
      return event.data.insight;
    case 'ZoneIngressUpserted':
      return event.data.zoneIngress;
    case 'ZoneEgressUpserted':
      return event.data.zoneEgress;
    default:
      return undefined;
  }
}
