import { hashedName, Labels, Origins, type Resource, type ResourceOfType, type StringMap } from '@kumiko/api';
import {
  decodeZoneEvent,
  parseZoneSubject,
  zoneEventKey,
  zoneEventKind,
  zoneEventResource,
  type ZoneEvent,
  type ZoneOwnedType,
  type ZoneSubjectKey,
} from '@kumiko/events';
import { payloadExcerpt, storableText } from './stored-text.js';
import { foreignZoneClaim } from './zone-claim-check.js';

/** One message of the ZONES stream as the projector receives it. */
export interface ZoneStreamMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
}

/** What zones publish and the global projects: the zone-owned types of the registry. */
export type ProjectedType = ZoneOwnedType;

/** A projected resource as the global stores it. */
export type ProjectedResource = ResourceOfType<ProjectedType>;

interface CommandBase {
  readonly seq: number;
  readonly zone: string;
  readonly type: ProjectedType;
  /** `''` for global-scoped types. */
  readonly mesh: string;
  /** Global (hashed) name. */
  readonly name: string;
}

export interface UpsertCommand extends CommandBase {
  readonly kind: 'upsert';
  readonly displayName: string;
  /** The resource as the global stores and serves it: global name, pinned zone and labels. */
  readonly resource: ProjectedResource;
  readonly time: string;
}

export interface DeleteCommand extends CommandBase {
  readonly kind: 'delete';
}

export interface HeartbeatCommand {
  readonly kind: 'heartbeat';
  readonly seq: number;
  readonly zone: string;
  readonly instanceId: string;
  readonly startedAt: string;
  readonly version: string;
  readonly config: string;
  readonly time: string;
}

export type ProjectionCommand = UpsertCommand | DeleteCommand | HeartbeatCommand;

/** A message the projection skips, as recorded in `projection_rejections`. */
export interface Rejection {
  readonly seq: number;
  /** Storable text (see storableText), like `zone`, `reason` and `excerpt`. */
  readonly subject: string;
  /** The zone the subject names; `undefined` when the subject does not parse. */
  readonly zone: string | undefined;
  /** Bounded (REJECTION_REASON_LIMIT). */
  readonly reason: string;
  /** The payload's first bytes (payloadExcerpt). */
  readonly excerpt: string;
}

/** What one batch of ZONES messages means for the projection. */
export interface ZoneBatchPlan {
  /** At most one command per resource (and one heartbeat per zone): the newest wins. */
  readonly commands: readonly ProjectionCommand[];
  readonly rejections: readonly Rejection[];
  /** Every zone heard from in the batch (a Zone row is created the first time). */
  readonly zones: ReadonlySet<string>;
  /** Highest stream sequence in the batch, rejected messages included: the next checkpoint. */
  readonly maxSeq: number;
}

/** Labels the global pins on every zone-originated resource (Kuma's GlobalSyncCallback + zone mappers). */
function pinnedLabels(labels: StringMap, zone: string, displayName: string): StringMap {
  return { ...labels, [Labels.origin]: Origins.zone, [Labels.zone]: zone, [Labels.displayName]: displayName };
}

function sameKey(a: ZoneSubjectKey, b: { kind: string; mesh: string | undefined; name: string }): boolean {
  return a.kind === b.kind && a.mesh === b.mesh && a.name === b.name;
}

type PlanStep = ProjectionCommand | { readonly kind: 'reject'; readonly reason: string };

/**
 * One event's meaning, driven by its type's registry entry: an upsert is checked for foreign zone claims
 * and pinned to the subject's zone (global name, labels, the type's own zone field); a delete names the
 * global resource.
 */
function planEvent(seq: number, key: ZoneSubjectKey, event: ZoneEvent): PlanStep {
  const { zone } = key;
  if (!sameKey(key, zoneEventKey(event))) {
    return { kind: 'reject', reason: `payload is about ${JSON.stringify(zoneEventKey(event))}, not the resource its subject names` };
  }
  const time = event.metadata.time;
  const metadataClaim = foreignZoneClaim(zone, { metadataZone: event.metadata.zone });
  if (metadataClaim) return { kind: 'reject', reason: metadataClaim };
  if (event.type === 'ZoneHeartbeat') return { kind: 'heartbeat', seq, zone, time, ...event.data };
  const eventKind = zoneEventKind(event.type);
  if (eventKind === undefined) return { kind: 'reject', reason: `unknown event type ${event.type}` };
  const { descriptor, action } = eventKind;
  const type = descriptor.name as ProjectedType;
  const mesh = key.mesh ?? '';
  if (action === 'deleted') return { kind: 'delete', seq, zone, type, mesh, name: hashedName(mesh, key.name, zone) };
  const resource = zoneEventResource(event);
  if (resource === undefined) return { kind: 'reject', reason: `${event.type} carries no resource` };
  const origin = descriptor.zoneOrigin;
  const specZone = origin.specZone?.(resource);
  const claim = foreignZoneClaim(zone, {
    metadataZone: event.metadata.zone,
    labels: resource.labels,
    tagSets: origin.tagSets(resource),
    ...(specZone === undefined ? {} : { specZone }),
  });
  if (claim) return { kind: 'reject', reason: claim };
  const name = hashedName(mesh, resource.name, zone);
  const pinned = origin.pin(
    { ...resource, name, labels: pinnedLabels(resource.labels, zone, resource.name) } as Resource,
    zone,
  ) as ProjectedResource;
  return { kind: 'upsert', seq, zone, type, mesh, name, displayName: resource.name, resource: pinned, time };
}

function commandKey(command: ProjectionCommand): string {
  return command.kind === 'heartbeat' ? `heartbeat|${command.zone}` : `${command.type}|${command.mesh}|${command.name}`;
}

/** One message's meaning, computed on its own (so it can happen as soon as the message arrives). */
export type PreparedZoneMessage =
  { readonly seq: number; readonly command: ProjectionCommand } | { readonly seq: number; readonly rejection: Rejection };

/**
 * Decodes one ZONES message and pins it to the zone its subject names. Pure and total: anything
 * wrong with the message (or anything that throws while reading it, such as nesting too deep for
 * the stack) becomes a rejection. The zone always comes from the subject (NATS authorises each
 * zone's user for its own subjects only); a payload that claims a different zone anywhere is
 * rejected, as is anything that does not decode.
 */
export function prepareZoneMessage(message: ZoneStreamMessage): PreparedZoneMessage {
  let key: ZoneSubjectKey | undefined;
  try {
    key = parseZoneSubject(message.subject);
    const decoded = decodeZoneEvent(message.data);
    if (!decoded.ok) return { seq: message.seq, rejection: rejectionOf(message, key.zone, `malformed event: ${decoded.error}`) };
    const step = planEvent(message.seq, key, decoded.value);
    return step.kind === 'reject'
      ? { seq: message.seq, rejection: rejectionOf(message, key.zone, step.reason) }
      : { seq: message.seq, command: step };
  } catch (error) {
    return { seq: message.seq, rejection: rejectionOf(message, key?.zone, error instanceof Error ? error.message : String(error)) };
  }
}

/** The rejection of `message` for `reason`, every text field storable and bounded. */
export function rejectionOf(message: ZoneStreamMessage, zone: string | undefined, reason: string): Rejection {
  return {
    seq: message.seq,
    subject: storableText(message.subject),
    zone: zone === undefined ? undefined : storableText(zone),
    reason: storableText(reason),
    excerpt: payloadExcerpt(message.data),
  };
}

/** Collapses prepared messages into a batch plan: later messages about a resource replace earlier ones. */
export function planPreparedBatch(prepared: readonly PreparedZoneMessage[]): ZoneBatchPlan {
  const latest = new Map<string, ProjectionCommand>();
  const rejections: Rejection[] = [];
  const zones = new Set<string>();
  let maxSeq = 0;
  for (const item of [...prepared].sort((a, b) => a.seq - b.seq)) {
    maxSeq = Math.max(maxSeq, item.seq);
    if ('rejection' in item) {
      rejections.push(item.rejection);
      continue;
    }
    zones.add(item.command.zone);
    latest.set(commandKey(item.command), item.command);
  }
  return { commands: [...latest.values()], rejections, zones, maxSeq };
}

/** Turns a batch of ZONES messages into projection commands. Pure: same input → same plan. */
export function planZoneBatch(messages: readonly ZoneStreamMessage[]): ZoneBatchPlan {
  return planPreparedBatch(messages.map(prepareZoneMessage));
}
