import { resourceTypeDescriptors, type ResourceOfType, type ResourceType, type ResourceTypeRegistry } from '@kumiko/api';
import { escapeToken, SubjectTokenError, unescapeToken } from './subject-token.js';

/**
 * Subjects: one per resource, so JetStream's per-subject limits, `Nats-Expected-Last-Subject-Sequence`
 * and last-message-per-subject reads all work per resource.
 *
 *   kumiko.zone.<zone>.<kind>.<mesh>.<name>    what a zone publishes (stream ZONES)
 *   kumiko.global.<kind>.<mesh>.<name>         the global view the global CP publishes (stream GLOBAL)
 *
 * `<kind>` is the type's `subjectKind` in the resource-type registry (`heartbeat` for zone heartbeats).
 * Zone, mesh and name are escaped with `escapeToken`; mesh-less (global-scoped) kinds use the token
 * `~`, which no escaped name can produce.
 */
export const SubjectKinds: { readonly [K in SyncedType]: ResourceTypeRegistry[K]['subjectKind'] } & {
  readonly ZoneHeartbeat: 'heartbeat';
} = Object.freeze({
  ...(Object.fromEntries(
    resourceTypeDescriptors()
      .filter((descriptor) => descriptor.sync.zoneToGlobal || descriptor.sync.globalToZone)
      .map((descriptor) => [descriptor.name, descriptor.subjectKind]),
  ) as { [K in SyncedType]: ResourceTypeRegistry[K]['subjectKind'] }),
  ZoneHeartbeat: 'heartbeat',
});
export type SubjectKind = (typeof SubjectKinds)[keyof typeof SubjectKinds];

/** Types that travel over NATS in either direction; only they have subjects. */
export type SyncedType = {
  [K in ResourceType]: ResourceTypeRegistry[K]['sync'] extends { readonly zoneToGlobal: false; readonly globalToZone: false } ? never : K;
}[ResourceType];

const kindValues = new Set<string>(Object.values(SubjectKinds));
const NO_MESH = '~';
const ZONE_PREFIX = 'kumiko.zone';
const GLOBAL_PREFIX = 'kumiko.global';

/** Identifies one resource's subject; `mesh` is `undefined` for global-scoped kinds. */
export interface SubjectKey {
  readonly kind: SubjectKind;
  readonly mesh: string | undefined;
  readonly name: string;
}

export interface ZoneSubjectKey extends SubjectKey {
  readonly zone: string;
}

function tail(key: SubjectKey): string {
  return `${key.kind}.${key.mesh === undefined ? NO_MESH : escapeToken(key.mesh)}.${escapeToken(key.name)}`;
}

export function zoneSubject(key: ZoneSubjectKey): string {
  return `${ZONE_PREFIX}.${escapeToken(key.zone)}.${tail(key)}`;
}

export function globalSubject(key: SubjectKey): string {
  return `${GLOBAL_PREFIX}.${tail(key)}`;
}

/** Every subject of one zone, e.g. to rebuild its state or to authorise its user. */
export function zoneSubjectFilter(zone: string): string {
  return `${ZONE_PREFIX}.${escapeToken(zone)}.>`;
}

export const ALL_ZONES_FILTER = `${ZONE_PREFIX}.>`;
export const GLOBAL_FILTER = `${GLOBAL_PREFIX}.>`;

function parseTail(subject: string, tokens: readonly string[]): SubjectKey {
  const [kind, mesh, name] = tokens;
  if (kind === undefined || mesh === undefined || name === undefined || !kindValues.has(kind)) {
    throw new SubjectTokenError(`not a Kumiko resource subject: ${subject}`);
  }
  return { kind: kind as SubjectKind, mesh: mesh === NO_MESH ? undefined : unescapeToken(mesh), name: unescapeToken(name) };
}

/** Parses a zone subject back into its key; throws `SubjectTokenError` for anything else. */
export function parseZoneSubject(subject: string): ZoneSubjectKey {
  const tokens = subject.split('.');
  if (tokens.length !== 6 || `${tokens[0]}.${tokens[1]}` !== ZONE_PREFIX || tokens[2] === undefined) {
    throw new SubjectTokenError(`not a Kumiko zone subject: ${subject}`);
  }
  return { zone: unescapeToken(tokens[2]), ...parseTail(subject, tokens.slice(3)) };
}

export function parseGlobalSubject(subject: string): SubjectKey {
  const tokens = subject.split('.');
  if (tokens.length !== 5 || `${tokens[0]}.${tokens[1]}` !== GLOBAL_PREFIX) {
    throw new SubjectTokenError(`not a Kumiko global subject: ${subject}`);
  }
  return parseTail(subject, tokens.slice(2));
}

/** The subject kind of each synced type, by kind: `'dataplane'` → `'Dataplane'`. */
type TypeOfKind = { [T in SyncedType as ResourceTypeRegistry[T]['subjectKind']]: T };

/** A resource subject kind (heartbeats excluded). */
export type ResourceSubjectKind = keyof TypeOfKind;

/** The resource a subject of kind `K` carries: `ResourceOfKind<'dataplane'>` is `Dataplane`. */
export type ResourceOfKind<K extends ResourceSubjectKind> = ResourceOfType<TypeOfKind[K]>;
