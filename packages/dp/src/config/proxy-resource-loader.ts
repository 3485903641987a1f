import {
  type Resource,
  type Violation,
  YamlParseError,
  decodeDataplane,
  decodeZoneEgress,
  decodeZoneIngress,
  formatViolations,
  parseYamlDocuments,
  validateResourceMeta,
} from '@kumiko/api';
import type { DataplaneVars } from './dataplane-vars.js';
import { type DpProxyType, DpProxyTypes, resourceTypeOfProxyType } from './dp-proxy-type.js';
import { renderTemplate } from './template-renderer.js';

/** The proxy resource kumiko-dp registers with, ready for the bootstrap request. */
export interface ProxyResource {
  readonly type: Resource['type'];
  readonly name: string;
  /** `""` for a ZoneIngress or ZoneEgress (global-scoped). */
  readonly mesh: string;
  /**
   * `dataplaneResource`: the rendered document as written (unknown fields and all, for the CP to judge),
   * with `type`, `name`, `mesh` and `networking.admin.port` filled in from the flags; `undefined` when
   * the CP already knows the proxy (no file given).
   */
  readonly json: string | undefined;
}

/** The dataplane file, once rendered, is not a valid resource; `violations` says why, each at its field. */
export class ProxyResourceError extends Error {
  override readonly name = 'ProxyResourceError';
  readonly code = 'INVALID_PROXY_RESOURCE';
  constructor(
    readonly source: string,
    readonly violations: readonly Violation[],
    options?: { cause?: unknown },
  ) {
    super(`${source} is not a valid resource: ${formatViolations(violations)}`, options);
  }
}

export interface ProxyResourceInput {
  /** The template text; `undefined`: no file, the proxy is identified by `name` and `mesh` alone. */
  readonly template: string | undefined;
  /** Names the template in messages (`dp.yaml`, `--dataplane`). */
  readonly source: string;
  readonly vars: DataplaneVars;
  readonly proxyType: DpProxyType;
  readonly name: string | undefined;
  readonly mesh: string | undefined;
  readonly adminPort: number | undefined;
  /** Labels the run mode adds to the file's (`kumiko-dp run --proxyless` marks its Dataplane); they win over the file's. */
  readonly labels?: Readonly<Record<string, string>>;
}

const decoders = { dataplane: decodeDataplane, ingress: decodeZoneIngress, egress: decodeZoneEgress } as const;

/**
 * What kuma-dp does before it calls the CP: renders the template, parses it as one YAML/JSON document,
 * checks its type against `--proxy-type`, fills `name`/`mesh` from the flags (which must agree with the
 * file when both are given), decodes it and runs Kuma's meta validation. The spec itself is the CP's to
 * validate (it answers 422). Throws `TemplateRenderError` or {@link ProxyResourceError} listing every
 * violation found.
 */
export function loadProxyResource(input: ProxyResourceInput): ProxyResource {
  const type = resourceTypeOfProxyType(input.proxyType);
  const meshScoped = input.proxyType === DpProxyTypes.dataplane;
  const violations: Violation[] = [];
  if (!meshScoped && input.mesh !== undefined)
    violations.push({ field: 'mesh', message: `--mesh does not apply: a ${type} belongs to no mesh` });
  if (input.template === undefined) {
    const identity = { type, name: input.name ?? '', mesh: meshScoped ? (input.mesh ?? '') : '' };
    validateResourceMeta(violations, identity);
    if (violations.length > 0) throw new ProxyResourceError('--name/--mesh', violations);
    return { ...identity, json: undefined };
  }

  const document = parseSingleDocument(renderTemplate(input.template, input.vars), input.source);
  const fileType = document['type'];
  if (fileType !== undefined && fileType !== type) {
    throw new ProxyResourceError(input.source, [
      {
        field: 'type',
        message: `${JSON.stringify(fileType)} does not match --proxy-type ${input.proxyType} (expected ${JSON.stringify(type)})`,
      },
    ]);
  }
  const merged: Record<string, unknown> = { ...document, type };
  mergeFlag(merged, 'name', input.name, violations);
  if (meshScoped) mergeFlag(merged, 'mesh', input.mesh, violations);
  if (input.adminPort !== undefined) setAdminPort(merged, input.adminPort);
  if (input.labels !== undefined) addLabels(merged, input.labels);

  const decoded = decoders[input.proxyType](merged);
  if (!decoded.ok) violations.push(...decoded.issues);
  else validateResourceMeta(violations, decoded.value);
  if (violations.length > 0) throw new ProxyResourceError(input.source, violations);
  const name = typeof merged['name'] === 'string' ? merged['name'] : '';
  const mesh = meshScoped && typeof merged['mesh'] === 'string' ? merged['mesh'] : '';
  return { type, name, mesh, json: JSON.stringify(merged) };
}

function parseSingleDocument(text: string, source: string): Record<string, unknown> {
  let documents;
  try {
    documents = parseYamlDocuments(text);
  } catch (error) {
    if (!(error instanceof YamlParseError)) throw error;
    throw new ProxyResourceError(source, [{ field: '', message: error.message }], { cause: error });
  }
  if (documents.length !== 1) {
    throw new ProxyResourceError(source, [{ field: '', message: `expected exactly one resource, found ${documents.length}` }]);
  }
  const value = documents[0]?.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProxyResourceError(source, [{ field: '', message: 'expected a resource object' }]);
  }
  return value as Record<string, unknown>;
}

/** The flag fills a field the file leaves out; when both are given they must be equal. */
function mergeFlag(resource: Record<string, unknown>, field: 'name' | 'mesh', flag: string | undefined, out: Violation[]): void {
  const fromFile = resource[field];
  if (flag === undefined) return;
  if (fromFile === undefined || fromFile === null || fromFile === '') resource[field] = flag;
  else if (fromFile !== flag)
    out.push({ field, message: `${JSON.stringify(fromFile)} in the file does not match --${field} ${JSON.stringify(flag)}` });
}

function addLabels(resource: Record<string, unknown>, labels: Readonly<Record<string, string>>): void {
  const fromFile = resource['labels'];
  if (fromFile !== undefined && fromFile !== null && (typeof fromFile !== 'object' || Array.isArray(fromFile))) return; // the decoder reports it
  resource['labels'] = { ...(fromFile as Record<string, unknown> | null | undefined), ...labels };
}

/** `--admin-port` wins over `networking.admin.port`: the CP puts it in the bootstrap's `admin` section. */
function setAdminPort(resource: Record<string, unknown>, port: number): void {
  const networking = resource['networking'] ?? {};
  if (typeof networking !== 'object' || networking === null || Array.isArray(networking)) return; // the decoder reports it
  const base = networking as Record<string, unknown>;
  const admin = typeof base['admin'] === 'object' && base['admin'] !== null ? (base['admin'] as Record<string, unknown>) : {};
  resource['networking'] = { ...base, admin: { ...admin, port } };
}
