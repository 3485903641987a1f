import type { Mesh, Zone, ZoneEgress, ZoneIngress } from '@kumiko/api';
import { type SubjectKinds, type SubjectKey } from './subjects.js';

/**
 * One message of the GLOBAL stream: the current state of one resource of the global view, or a
 * tombstone once it was deleted (or its zone disabled). The stream keeps one message per subject, so
 * reading the last message of every subject gives the whole view.
 */
export type GlobalViewResource = Mesh | ZoneIngress | ZoneEgress | Zone;

export interface GlobalViewEntry {
  readonly kind: typeof SubjectKinds.Mesh | typeof SubjectKinds.ZoneIngress | typeof SubjectKinds.ZoneEgress | typeof SubjectKinds.Zone;
  /** Global name (Kuma's hashed name for zone-originated resources). */
  readonly name: string;
  /** `undefined` for a tombstone. */
  readonly resource: GlobalViewResource | undefined;
  /** The zone a ZoneIngress / ZoneEgress came from; `undefined` for global-origin resources. */
  readonly zone: string | undefined;
  /** The outbox row that produced this message; also its `Nats-Msg-Id`. */
  readonly outboxId: string;
  /** RFC 3339 time the change was committed on the global CP. */
  readonly time: string;
}

export function globalViewEntryKey(entry: GlobalViewEntry): SubjectKey {
  return { kind: entry.kind, mesh: undefined, name: entry.name };
}
