import type { GeneratedResource } from '../snapshot/generated-resource.js';
import type { GeneratorContext } from './shared-resource-cache.js';
import type { XdsProxy } from './xds-proxy.js';

/**
 * A generator maps (view, proxy) to Envoy resources and does nothing else (no I/O, no logging).
 * It returns `[]` for proxies it does not serve, so generators compose as a plain list. Returned
 * resources may be shared with other proxies: callers must not mutate them.
 */
export type ResourceGenerator = (ctx: GeneratorContext, proxy: XdsProxy) => readonly GeneratedResource[];
