import { resourceTypeDescriptors, type AnyResourceTypeDescriptor, type Resource, type ZoneOrigin } from '@kumiko/api';
import type { ZoneEventType } from './zone-events.js';

/** A zone-owned type's descriptor, with its `zoneOrigin` known to be present. */
export type ZoneOwnedDescriptor = AnyResourceTypeDescriptor & { readonly zoneOrigin: ZoneOrigin<Resource> };

/** What one event type name means: an upsert or a delete of one zone-owned type. */
export interface ZoneEventKind {
  readonly descriptor: ZoneOwnedDescriptor;
  readonly action: 'upserted' | 'deleted';
}

const ZONE_OWNED: readonly ZoneOwnedDescriptor[] = resourceTypeDescriptors().filter(
  (descriptor): descriptor is ZoneOwnedDescriptor => descriptor.zoneOrigin !== undefined,
);

const KINDS = new Map<string, ZoneEventKind>();
for (const descriptor of ZONE_OWNED) {
  const { upserted, deleted } = descriptor.zoneOrigin.events;
  KINDS.set(upserted, { descriptor, action: 'upserted' });
  if (deleted !== undefined) KINDS.set(deleted, { descriptor, action: 'deleted' });
}

/** The zone-owned types, in registry order. */
export function zoneOwnedDescriptors(): readonly ZoneOwnedDescriptor[] {
  return ZONE_OWNED;
}

/** The meaning of a resource event's type name; `undefined` for heartbeats and unknown names. */
export function zoneEventKind(type: string): ZoneEventKind | undefined {
  return KINDS.get(type);
}

/** Every zone event type name, spelled once (from the registry): `ZoneEventTypes.DataplaneUpserted`. */
export const ZoneEventTypes: { readonly [T in ZoneEventType]: T } = Object.freeze(
  Object.fromEntries([...KINDS.keys(), 'ZoneHeartbeat'].map((name) => [name, name])) as { [T in ZoneEventType]: T },
);
