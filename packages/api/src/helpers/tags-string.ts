import type { StringMap } from '../resources/resource-envelope.js';

/** Kuma's `Tags.String()`: `k=v` pairs sorted by key, joined with `,` (optionally leaving one key out). */
export function tagsToString(tags: StringMap, without?: string): string {
  return Object.keys(tags)
    .filter((key) => key !== without)
    .sort()
    .map((key) => `${key}=${tags[key] ?? ''}`)
    .join(',');
}
