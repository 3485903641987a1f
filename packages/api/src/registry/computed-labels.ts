import type { StringMap } from '../resources/resource-envelope.js';
import { Labels, Origins } from '../tags.js';
import { Owners, Scopes } from './resource-type-descriptor.js';
import { descriptorOf, type Resource } from './resource-type-registry.js';

/** Where a resource is written: on a zone CP (with its name) or on the global. */
export type LabelContext =
  { readonly mode: 'zone'; readonly zone: string; readonly environment: 'universal' | 'kubernetes' } | { readonly mode: 'global' };

/**
 * The labels Kuma computes when a resource is written (`ComputeLabels`), over the labels it came with:
 * `kuma.io/mesh` on mesh-scoped types; on a zone, for the types a zone writes, `kuma.io/origin: zone` and —
 * unless it came from the global — `kuma.io/zone` and `kuma.io/env`. These are only added where missing (the
 * request checks reject a wrong mesh or zone label). Proxies also get `kuma.io/proxy-type` from their spec
 * (`sidecar`, `gateway` for a builtin gateway, `zoneingress`, `zoneegress`). The same on every write path:
 * REST, a kuma-dp registration, a control plane's own writes. Returns the input when nothing changes.
 */
export function withComputedLabels<R extends Resource>(resource: R, context: LabelContext): R {
  const descriptor = descriptorOf(resource.type);
  const computed: Record<string, string> = {};
  const existing: StringMap = resource.labels;
  const setIfMissing = (key: string, value: string) => {
    if (existing[key] === undefined && computed[key] === undefined) computed[key] = value;
  };
  if (descriptor.scope === Scopes.mesh && 'mesh' in resource) setIfMissing(Labels.mesh, resource.mesh === '' ? 'default' : resource.mesh);
  if (context.mode === 'zone' && descriptor.owner === Owners.zone) {
    setIfMissing(Labels.origin, Origins.zone);
    if ((existing[Labels.origin] ?? computed[Labels.origin]) !== Origins.global) {
      setIfMissing(Labels.zone, context.zone);
      setIfMissing(Labels.env, context.environment);
    }
  }
  const proxyType = (descriptor.proxyTypeLabel as ((resource: R) => string) | undefined)?.(resource);
  if (proxyType !== undefined && existing[Labels.proxyType] !== proxyType) computed[Labels.proxyType] = proxyType;
  if (Object.keys(computed).length === 0) return resource;
  return { ...resource, labels: { ...existing, ...computed } };
}
