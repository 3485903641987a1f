import {
  decodeDataplane,
  decodeZoneEgress,
  decodeZoneIngress,
  inputSafetyViolation,
  parseYamlDocuments,
  validateBootstrapDataplane,
  validateResourceMeta,
  validateZoneEgress,
  validateZoneIngress,
  type Violation,
} from '@kumiko/api';
import type { ProxyResource } from '../lifecycle/proxy-lifecycle.js';
import type { BootstrapProxyType } from './bootstrap-request.js';
import { DATAPLANE_RESOURCE_KEY } from './envoy-bootstrap-builder.js';

const TYPE_OF: Record<BootstrapProxyType, ProxyResource['type']> = { dataplane: 'Dataplane', ingress: 'ZoneIngress', egress: 'ZoneEgress' };

export type ProxyResourceResult =
  { readonly ok: true; readonly resource: ProxyResource } | { readonly ok: false; readonly violations: readonly Violation[] };

/**
 * Parses (YAML or JSON), decodes and validates the resource a proxy brings — kumiko-dp's rendered
 * `--dataplane-file` — as Kuma's bootstrap server does (after refusing what no store can hold: a NUL character
 * in a string or key, nesting past the input limit): one document whose `type` matches the proxy
 * type, decoded, then `Validate()` (for Dataplanes `validateBootstrapDataplane`, which also rejects
 * explicit outbounds under transparent proxying) and the name/mesh rules. Never throws.
 */
export function readProxyResource(text: string, proxyType: BootstrapProxyType, transparentProxy: boolean): ProxyResourceResult {
  let value: unknown;
  try {
    const documents = parseYamlDocuments(text).filter((document) => document.value !== null && document.value !== undefined);
    if (documents.length !== 1) return invalid('', `expected one resource, found ${documents.length}`);
    value = documents[0]?.value;
  } catch (error) {
    return invalid('', error instanceof Error ? error.message : String(error));
  }
  const unsafe = inputSafetyViolation(value);
  if (unsafe !== undefined) return { ok: false, violations: [unsafe] };
  const type = typeof value === 'object' && value !== null && 'type' in value ? (value as { type: unknown }).type : undefined;
  if (type !== TYPE_OF[proxyType])
    return invalid('type', `must be ${TYPE_OF[proxyType]} for proxy type ${proxyType}, got ${JSON.stringify(type ?? null)}`);
  const decoded =
    proxyType === 'dataplane' ? decodeDataplane(value) : proxyType === 'ingress' ? decodeZoneIngress(value) : decodeZoneEgress(value);
  if (!decoded.ok) return { ok: false, violations: decoded.issues };
  const resource = decoded.value;
  const violations =
    resource.type === 'Dataplane'
      ? validateBootstrapDataplane(resource, transparentProxy || resource.networking?.transparentProxying !== undefined)
      : resource.type === 'ZoneIngress'
        ? validateZoneIngress(resource)
        : validateZoneEgress(resource);
  if (violations.length === 0) validateResourceMeta(violations, resource);
  return violations.length > 0 ? { ok: false, violations } : { ok: true, resource };
}

/**
 * The resource in an ADS node's metadata (`dataplane.resource`, put there by `/bootstrap`), decoded
 * and validated again (a client may reach ADS without the bootstrap server); `undefined` when absent
 * or invalid. The ADS server gives `metadata` as plain JSON (a decoded protobuf Struct).
 */
export function resourceFromNodeMetadata(metadata: { readonly [key: string]: unknown } | undefined): ProxyResource | undefined {
  const text = metadata?.[DATAPLANE_RESOURCE_KEY];
  const proxyType = metadata?.['dataplane.proxyType'];
  if (typeof text !== 'string' || text === '') return undefined;
  const type: BootstrapProxyType = proxyType === 'ingress' || proxyType === 'egress' ? proxyType : 'dataplane';
  const result = readProxyResource(text, type, false);
  return result.ok ? result.resource : undefined;
}

function invalid(field: string, message: string): ProxyResourceResult {
  return { ok: false, violations: [{ field, message }] };
}
