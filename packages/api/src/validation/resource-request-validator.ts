import { GlobalScopedResourceTypes, type ResourceType } from '../registry/resource-type-registry.js';
import { Labels, Origins } from '../tags.js';
import { goQuote } from './go-quote.js';
import { utf8Length } from './identifier-validator.js';
import { labelValueMessages, qualifiedNameMessages } from './k8s-label-validator.js';
import { validateResourceMeta } from './meta-validator.js';
import { compareGoStrings, keyPath } from './validation-path.js';
import type { Violation } from './violation.js';

/** Which control plane is handling the request (Kuma `config_core.CpMode`). */
export type ControlPlaneMode = 'global' | 'zone' | 'standalone';

/** How the REST layer runs; every field but `mode` is optional. */
export interface ResourceRequestCheckOptions {
  readonly mode: ControlPlaneMode;
  /** A zone CP connected to a global (`federatedZone`). Default `false`. */
  readonly federatedZone?: boolean;
  /** This CP's zone name (`KUMA_MULTIZONE_ZONE_NAME`). Default `""`. */
  readonly zoneName?: string;
  /** `KUMA_API_SERVER_DISABLE_ORIGIN_LABEL_VALIDATION`. Default `false`. */
  readonly disableOriginLabelValidation?: boolean;
  /**
   * The type is a plugin-originated one (new-style policies). Kuma's core types — Mesh, Dataplane,
   * ZoneIngress, ZoneEgress, Zone — are not. Default `false`.
   */
  readonly pluginOriginated?: boolean;
}

/** The parts of a PUT the checks compare: what the URL says, and the meta fields of the body. */
export interface ResourceRequest {
  /** The type the URL addresses (`/meshes/{mesh}/dataplanes/…` → `Dataplane`). */
  readonly urlType: ResourceType;
  readonly urlName: string;
  /** `""` for global-scoped types. */
  readonly urlMesh: string;
  readonly body: {
    readonly type: string;
    readonly name: string;
    readonly mesh?: string;
    readonly labels: Readonly<Record<string, string>>;
  };
}

/**
 * Kuma's REST request checks (`resource_endpoints.go` `validateResourceRequest`), which run only once the
 * spec is valid, in Kuma's order: name from URL vs body, the federated-zone name length, type, mesh, the
 * label rules (at `labels["…"]`), then the meta rules (`name`, `mesh`). The caller owns the returned array.
 */
export function validateResourceRequest(request: ResourceRequest, options: ResourceRequestCheckOptions): Violation[] {
  const federatedZone = options.federatedZone ?? false;
  const zoneName = options.zoneName ?? '';
  const { body } = request;
  const out: Violation[] = [];
  if (request.urlName !== body.name) out.push({ field: 'name', message: 'name from the URL has to be the same as in body' });
  // The global may prefix synced names with "<zone>." and must stay within Postgres' varchar(253).
  if (federatedZone && utf8Length(`${zoneName}.${request.urlName}`) >= 253) {
    out.push({ field: 'name', message: 'the length of the name must be shorter' });
  }
  if (request.urlType !== body.type) out.push({ field: 'type', message: 'type from the URL has to be the same as in body' });
  const meshScoped = !GlobalScopedResourceTypes.has(request.urlType);
  if (meshScoped && request.urlMesh !== (body.mesh ?? '')) {
    out.push({ field: 'mesh', message: 'mesh from the URL has to be the same as in body' });
  }
  validateLabels(out, body.labels, body.mesh ?? '', options, federatedZone, zoneName);
  validateResourceMeta(out, { type: request.urlType, name: body.name, mesh: body.mesh ?? '' });
  return out;
}

/** Kuma's `validateLabels` (with `validateOriginForWrite`), violations at `labels["key"]`. */
function validateLabels(
  out: Violation[],
  labels: Readonly<Record<string, string>>,
  mesh: string,
  options: ResourceRequestCheckOptions,
  federatedZone: boolean,
  zoneName: string,
): void {
  const checkOrigin = !(options.disableOriginLabelValidation ?? false);
  // core_model.ResourceOrigin: an empty value counts as no origin label.
  const origin = labels[Labels.origin] ?? '';
  const hasOrigin = origin !== '';
  const originField = keyPath('labels', Labels.origin);
  if (hasOrigin && origin !== Origins.global && origin !== Origins.zone) {
    out.push({ field: originField, message: `unknown resource origin ${goQuote(origin)}` });
  }
  if (checkOrigin && options.mode === 'global' && hasOrigin && origin !== Origins.global) {
    out.push({ field: originField, message: "the origin label must be set to 'global'" });
  }
  if (checkOrigin && federatedZone && (options.pluginOriginated ?? false) && origin !== Origins.zone) {
    out.push({ field: originField, message: "the origin label must be set to 'zone'" });
  }
  if (options.mode !== 'global' && origin !== Origins.global) {
    const zoneLabel = labels[Labels.zone];
    if (zoneLabel !== undefined && zoneLabel !== zoneName) {
      out.push({ field: keyPath('labels', Labels.zone), message: `${Labels.zone} label should have ${zoneName} value` });
    }
    const meshLabel = labels[Labels.mesh];
    if (meshLabel !== undefined && meshLabel !== mesh) {
      out.push({ field: keyPath('labels', Labels.mesh), message: `${Labels.mesh} label must not differ from mesh set on resource` });
    }
  }
  for (const key of Object.keys(labels).sort(compareGoStrings)) {
    for (const message of qualifiedNameMessages(key)) out.push({ field: keyPath('labels', key), message });
    for (const message of labelValueMessages(labels[key] as string)) out.push({ field: keyPath('labels', key), message });
  }
}
