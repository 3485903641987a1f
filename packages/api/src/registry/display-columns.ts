import type { DisplayColumn, ResourceShape } from './resource-type-descriptor.js';

/** `MESH`: the resource's mesh. */
export const meshColumn: DisplayColumn<ResourceShape> = { header: 'MESH', cell: (resource) => resource.mesh ?? '' };

/** `NAME`. */
export const nameColumn: DisplayColumn<ResourceShape> = { header: 'NAME', cell: (resource) => resource.name };

/**
 * `AGE` as kumactl prints it: whole seconds, minutes, hours, days or years since the last modification
 * (`12s`, `3m`, `5h`, `2d`, `1y`).
 */
export const ageColumn: DisplayColumn<ResourceShape & { readonly modificationTime?: string }> = {
  header: 'AGE',
  cell: (resource, now) => formatAge(resource.modificationTime, now),
};

export function formatAge(since: string | undefined, now: Date): string {
  if (since === undefined) return '';
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  if (seconds < 365 * 86_400) return `${Math.floor(seconds / 86_400)}d`;
  return `${Math.floor(seconds / (365 * 86_400))}y`;
}

/** Tags printed as kumactl does: `key=v1,v2` per key, keys sorted, joined by a space. */
export function formatTagSets(tagSets: readonly Readonly<Record<string, string>>[]): string {
  const values = new Map<string, Set<string>>();
  for (const tags of tagSets) {
    for (const [key, value] of Object.entries(tags)) {
      let set = values.get(key);
      if (set === undefined) values.set(key, (set = new Set()));
      set.add(value);
    }
  }
  return [...values.keys()]
    .sort()
    .map((key) => `${key}=${[...(values.get(key) ?? [])].sort().join(',')}`)
    .join(' ');
}
