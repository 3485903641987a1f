import { GlobalScopedResourceTypes, type ResourceType } from '@kumiko/api';
import type { StoredResource, StoredZone } from '@kumiko/store';

/** Meta fields of the flat envelope; everything else in a stored resource is its spec. */
const META_FIELDS = new Set(['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'labels']);

/** The spec part of a resource in Kuma JSON form (what overviews nest). New object; the input is not mutated. */
export function specOf(resource: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) if (!META_FIELDS.has(key)) out[key] = value;
  return out;
}

function meta(type: string, stored: { readonly mesh?: string; readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly creationTime: Date; readonly modificationTime: Date }, meshScoped: boolean): Record<string, unknown> {
  return {
    type,
    ...(meshScoped ? { mesh: stored.mesh } : {}),
    name: stored.name,
    creationTime: stored.creationTime.toISOString(),
    modificationTime: stored.modificationTime.toISOString(),
    ...(Object.keys(stored.labels).length > 0 ? { labels: stored.labels } : {}),
  };
}

/** Kuma's flat envelope: `{type, mesh?, name, creationTime, modificationTime, labels?, …spec}`. */
export function resourceItem(stored: StoredResource): Record<string, unknown> {
  const meshScoped = !GlobalScopedResourceTypes.has(stored.type as ResourceType);
  return { ...meta(stored.type, stored, meshScoped), ...specOf(stored.spec) };
}

/** `DataplaneOverview`: the Dataplane's spec under `dataplane`, its insight (when there is one) under `dataplaneInsight`. */
export function dataplaneOverviewItem(stored: StoredResource): Record<string, unknown> {
  return {
    ...meta('DataplaneOverview', stored, true),
    dataplane: specOf(stored.spec),
    ...(stored.insight ? { dataplaneInsight: specOf(stored.insight) } : {}),
  };
}

/** `ZoneIngressOverview` / `ZoneEgressOverview`. Zones do not report zone proxy insights, so none is nested. */
export function zoneProxyOverviewItem(stored: StoredResource): Record<string, unknown> {
  const ingress = stored.type === 'ZoneIngress';
  return { ...meta(ingress ? 'ZoneIngressOverview' : 'ZoneEgressOverview', stored, false), [ingress ? 'zoneIngress' : 'zoneEgress']: specOf(stored.spec) };
}

/** A Zone; an unset `enabled` is shown as `true`, as the global CP creates zones (`createZoneIfAbsent`). */
export function zoneItem(zone: StoredZone): Record<string, unknown> {
  return { ...meta('Zone', zone, false), enabled: zone.enabled ?? true };
}

/** `ZoneOverview`: `zone: {enabled}` and, once the zone has been heard from, `zoneInsight: {subscriptions}`. */
export function zoneOverviewItem(zone: StoredZone): Record<string, unknown> {
  return {
    ...meta('ZoneOverview', zone, false),
    zone: { enabled: zone.enabled ?? true },
    ...(zone.subscriptions ? { zoneInsight: { subscriptions: zone.subscriptions } } : {}),
  };
}
