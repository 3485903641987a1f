import type { JetStreamClient } from 'nats';
import type { Logger } from 'pino';
import { nanoid } from 'nanoid';
import {
  assertResourceFits,
  descriptorByProxyType,
  descriptorBySubjectKind,
  descriptorOf,
  Scopes,
  withComputedLabels,
  type ResourceOfType,
} from '@kumiko/api';
import { ConcurrencyConflictError, publishToStream, SubjectFollower, type ConsumedMessage, type FollowerStatus } from '@kumiko/bus';
import {
  decodeZoneEvent,
  encodeZoneEvent,
  parseZoneSubject,
  SubjectKinds,
  zoneEventKey,
  zoneEventResource,
  zoneSubject,
  zoneSubjectFilter,
  type RegisteredBy,
  type ResourceOfKind,
  type SubjectKey,
  type ZoneEvent,
  type ZoneOwnedKind,
  type ZoneOwnedType,
} from '@kumiko/events';

/** What a zone owns and publishes: the registry's zone-owned types. */
export type ZoneResource = ResourceOfType<ZoneOwnedType>;

interface Entry {
  /** `undefined` once deleted (a tombstone keeps the sequence and version for the next writer). */
  readonly resource: ZoneResource | undefined;
  /** ZONES stream sequence of the subject's last message: the expected sequence of the next write. */
  readonly seq: number;
  readonly version: number;
  /** Who owns the live resource, from its last upsert event; `undefined` for a user's (REST) write. */
  readonly registeredBy: RegisteredBy | undefined;
}

export interface ZoneStoreChange {
  readonly key: SubjectKey;
  readonly resource: ZoneResource | undefined;
}

/** How long a delete that met a concurrent write waits to see that write before trying again. */
const DELETE_CONFLICT_WAIT_MS = 2_000;
/** Deletes that keep meeting concurrent writes give up (with the conflict) after this many tries. */
const DELETE_ATTEMPTS = 5;
/** One publish attempt's wait for JetStream's acknowledgement (retried within publishRetryForMs). */
const PUBLISH_ACK_TIMEOUT_MS = 2_000;

export interface UpsertOptions {
  /**
   * Write only if the stored resource is still this very object (as read from `get`/`list`), else fail
   * with ConcurrencyConflictError: a background writer (the availableServices updater) must never
   * resurrect or overwrite what a user deleted or changed while it was computing.
   */
  readonly replacing?: ZoneResource;
  /**
   * `lifecycle`: the zone CP registers the proxy because it connected with it (see `EventMetadata.registeredBy`).
   * Left out, the write is a user's and the resource is no proxy connection's to change from now on; except with
   * `replacing`, where the CP updates what it read and the owner stays what it was (the availableServices updater
   * never makes a registered ZoneIngress a user's).
   */
  readonly registeredBy?: RegisteredBy;
}

export interface DeleteOptions {
  /** Delete only while the stored resource is owned by this (checked again on every attempt). */
  readonly onlyIfRegisteredBy?: RegisteredBy;
}

export interface ZoneResourceStoreOptions {
  readonly zone: string;
  readonly stream: string;
  readonly logger: Logger;
  /**
   * Whether the NATS connection is up (NatsLinkState.connected): while it is not, a write fails at
   * once with EventBusUnavailableError. Default: not checked.
   */
  readonly connected?: () => boolean;
  /**
   * How long a write keeps retrying a publish JetStream does not acknowledge before it fails with
   * EventBusUnavailableError. Default: 3 s, so a REST write answers 503 soon during an outage.
   */
  readonly publishRetryForMs?: number;
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
 *
 * Every zone-owned type of the resource-type registry is stored the same way; the registry says how a
 * type is stamped with the zone before it is published and which events carry it.
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

  get<K extends ZoneOwnedKind>(key: SubjectKey & { readonly kind: K }): ResourceOfKind<K> | undefined {
    return this.entries.get(keyString(key))?.resource as ResourceOfKind<K> | undefined;
  }

  /** Live resources of one kind (optionally one mesh), in no particular order. */
  list<K extends ZoneOwnedKind>(kind: K, mesh?: string): ResourceOfKind<K>[] {
    const out: ResourceOfKind<K>[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.resource === undefined || !key.startsWith(`${kind}|`)) continue;
      if (mesh !== undefined && 'mesh' in entry.resource && entry.resource.mesh !== mesh) continue;
      out.push(entry.resource as ResourceOfKind<K>);
    }
    return out;
  }

  /**
   * The stored resource a kuma-dp `--proxy-type` (`dataplane`, `ingress`, `egress`) registers as, by the
   * registry's `proxyType`; an unknown proxy type looks for a Dataplane, as Kuma does.
   */
  findProxy(proxyType: string, mesh: string, name: string): ResourceOfKind<'dataplane' | 'zoneingress' | 'zoneegress'> | undefined {
    const descriptor = descriptorByProxyType(proxyType) ?? descriptorOf('Dataplane');
    const kind = descriptor.subjectKind as 'dataplane' | 'zoneingress' | 'zoneegress';
    return this.get({ kind, mesh: descriptor.scope === Scopes.mesh ? mesh : undefined, name });
  }

  /** Who owns the live resource under `key` (see `EventMetadata.registeredBy`); `undefined` for a user's or none. */
  registeredBy(key: SubjectKey): RegisteredBy | undefined {
    const entry = this.entries.get(keyString(key));
    return entry?.resource === undefined ? undefined : entry.registeredBy;
  }

  size(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.resource !== undefined) n++;
    return n;
  }

  /**
   * Creates or updates a zone-owned resource, with the labels Kuma computes on a zone's write (origin, zone,
   * env, mesh, proxy type) and stamped with this zone as its type requires (a Dataplane gets
   * `kuma.io/zone: <zone>` in every inbound and gateway tag set; a zone proxy's `zone` is left blank). Every
   * write path goes through here: REST, kuma-dp registrations and the control plane's own updates. A resource
   * that, stamped, would not fit in one event is refused with `ResourceTooLargeError` before anything is sent.
   */
  async upsert(resource: ZoneResource, options: UpsertOptions = {}): Promise<{ created: boolean }> {
    const origin = zoneOriginOf(resource.type);
    const { zone } = this.options;
    const stamped = origin.stamp(withComputedLabels(resource, { mode: 'zone', zone, environment: 'universal' }), zone);
    assertResourceFits(stamped);
    const owner = options.registeredBy ?? (options.replacing === undefined ? undefined : 'unchanged');
    return this.write({ type: origin.events.upserted, data: { [origin.events.payloadField]: stamped } }, options.replacing, owner);
  }

  /**
   * Deletes; resolves `false` when there was nothing to delete. Like Kuma's delete (which carries no
   * version), it wins over a concurrent update: on a conflict it waits to see the other write and tries
   * again while the resource still exists.
   */
  async delete(kind: ZoneOwnedKind, mesh: string | undefined, name: string, options: DeleteOptions = {}): Promise<boolean> {
    const descriptor = descriptorBySubjectKind(kind);
    const deleted = descriptor?.zoneOrigin?.events.deleted;
    if (descriptor === undefined || deleted === undefined) throw new TypeError(`${kind} resources are not deleted on their own`);
    const key = { kind, mesh, name };
    for (let attempt = 1; ; attempt++) {
      const seen = this.entries.get(keyString(key));
      if (seen?.resource === undefined) return false;
      if (options.onlyIfRegisteredBy !== undefined && seen.registeredBy !== options.onlyIfRegisteredBy) return false;
      try {
        await this.write({ type: deleted, data: descriptor.scope === Scopes.mesh ? { mesh: mesh ?? '', name } : { name } });
        return true;
      } catch (error) {
        if (!(error instanceof ConcurrencyConflictError) || attempt >= DELETE_ATTEMPTS) throw error;
        await this.changeAfter(key, seen.seq, DELETE_CONFLICT_WAIT_MS);
      }
    }
  }

  /** Resolves once the subject's entry is newer than `seq` (or after `timeoutMs`). */
  private changeAfter(key: SubjectKey, seq: number, timeoutMs: number): Promise<void> {
    const id = keyString(key);
    if ((this.entries.get(id)?.seq ?? 0) > seq) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.onChange((change) => {
        if (keyString(change.key) === id) done();
      });
    });
  }

  private async write(
    partial: { readonly type: string; readonly data: object },
    replacing?: ZoneResource,
    owner?: RegisteredBy | 'unchanged',
  ): Promise<{ created: boolean }> {
    const { zone, stream } = this.options;
    const key = zoneEventKey({ ...partial, metadata: { eventId: '', zone, time: '', version: 0 } } as ZoneEvent);
    const current = this.entries.get(keyString(key));
    const subject = zoneSubject({ zone, ...key });
    if (replacing !== undefined && current?.resource !== replacing) throw new ConcurrencyConflictError(subject, current?.seq ?? 0);
    const registeredBy = owner === 'unchanged' ? current?.registeredBy : owner;
    const event = {
      ...partial,
      metadata: {
        eventId: nanoid(),
        zone,
        time: new Date().toISOString(),
        version: (current?.version ?? 0) + 1,
        ...(registeredBy === undefined ? {} : { registeredBy }),
      },
    } as ZoneEvent;
    const ack = await publishToStream(this.js, subject, encodeZoneEvent(event), {
      msgId: event.metadata.eventId,
      expectedLastSubjectSequence: current?.seq ?? 0,
      timeoutMs: PUBLISH_ACK_TIMEOUT_MS,
      retryForMs: this.options.publishRetryForMs ?? 3_000,
      ...(this.options.connected === undefined ? {} : { connected: this.options.connected }),
    });
    if (ack.stream !== stream) this.options.logger.warn({ subject, stream: ack.stream }, 'published into an unexpected stream');
    this.apply(key, event, ack.seq);
    return { created: current?.resource === undefined };
  }

  private applyMessage(message: ConsumedMessage): void {
    const decoded = decodeZoneEvent(message.data);
    if (!decoded.ok) {
      this.options.logger.warn(
        { subject: message.subject, seq: message.seq, error: decoded.error },
        'undecodable message in own zone subjects; ignored',
      );
      return;
    }
    let key: SubjectKey;
    try {
      key = parseZoneSubject(message.subject);
    } catch (error) {
      this.options.logger.warn(
        { subject: message.subject, seq: message.seq, err: error },
        'message on an unparsable own-zone subject; ignored',
      );
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
    const resource = zoneEventResource(event) as ZoneResource | undefined;
    this.entries.set(id, {
      resource,
      seq,
      version: event.metadata.version,
      registeredBy: resource === undefined ? undefined : event.metadata.registeredBy,
    });
    for (const listener of this.listeners) listener({ key, resource });
  }
}

function zoneOriginOf(type: ZoneOwnedType) {
  const origin = descriptorOf(type).zoneOrigin;
  if (origin === undefined) throw new TypeError(`${type} is not owned by zones`);
  return origin;
}
