import type { StringMap } from '../resources/resource-envelope.js';
import { Labels } from '../tags.js';

/** A resource's name before KDS hashed it: `kuma.io/display-name` when set (and not empty), else its name. */
export function displayNameOf(resource: { readonly name: string; readonly labels: StringMap }): string {
  const displayName = resource.labels[Labels.displayName];
  return displayName === undefined || displayName === '' ? resource.name : displayName;
}
