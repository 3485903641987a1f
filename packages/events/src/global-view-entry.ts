import type { ResourceOfType, ResourceType, ResourceTypeRegistry } from '@kumiko/api';
import type { SubjectKey } from './subjects.js';

/** The types the global CP publishes to zones: those the registry syncs global → zone. */
export type GlobalViewType = {
  [K in ResourceType]: ResourceTypeRegistry[K]['sync'] extends { readonly globalToZone: true } ? K : never;
}[ResourceType];

/** A resource of the global view. */
export type GlobalViewResource = ResourceOfType<GlobalViewType>;

/**
 * One message of the GLOBAL stream: the current state of one resource of the global view, or a
 * tombstone once it was deleted (or its zone disabled). The stream keeps one message per subject, so
 * reading the last message of every subject gives the whole view.
 *
 * A zone-originated resource carries its zone once, inside itself, as the global CP pinned it from the
 * authenticated subject (`ZoneIngress.zone`, the `kuma.io/zone` label).
 */
export interface GlobalViewEntry {
  readonly kind: ResourceTypeRegistry[GlobalViewType]['subjectKind'];
  /** The mesh, present exactly for mesh-scoped types (Secrets, policies). */
  readonly mesh?: string;
  /** Global (hashed) name. */
  readonly name: string;
  /** `undefined` for a tombstone. */
  readonly resource: GlobalViewResource | undefined;
  /** The outbox row that produced this message; also its `Nats-Msg-Id`. */
  readonly outboxId: string;
  /** RFC 3339 time the change was committed on the global CP. */
  readonly time: string;
}

export function globalViewEntryKey(entry: GlobalViewEntry): SubjectKey {
  return { kind: entry.kind, mesh: entry.mesh, name: entry.name };
}
