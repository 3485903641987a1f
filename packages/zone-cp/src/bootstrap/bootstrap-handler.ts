import type { Logger } from 'pino';
import { stringify } from 'yaml';
import type { Violation } from '@kumiko/api';
import type { DpHttpReply } from '../dp-server/dp-http-routes.js';
import type { ProxyResource } from '../lifecycle/proxy-lifecycle.js';
import { bootstrapRequestSchema, type BootstrapProxyType, type BootstrapRequest } from './bootstrap-request.js';
import { buildEnvoyBootstrap } from './envoy-bootstrap-builder.js';
import { readProxyResource } from './proxy-resource-metadata.js';

export interface BootstrapDeps {
  readonly meshExists: (mesh: string) => boolean;
  /**
   * Whether proxies of this kuma-dp type authenticate (the DP server's authentication is not `none` for them): then
   * the request must bring a token, or its path. Default: never.
   */
  readonly tokenRequired?: (proxyType: BootstrapProxyType) => boolean;
  /**
   * Whether a mesh has mTLS on, answered to Dataplanes as `kumikoMeshMtls` (Kumiko's addition; kuma-dp ignores it):
   * `kumiko-dp run --proxyless` writes the app's bootstrap with a certificate provider only in an mTLS mesh, and
   * then only after the identity files exist. Default: the field is left out.
   */
  readonly meshMtlsEnabled?: (mesh: string) => boolean;
  /** The stored resource, for requests without `dataplaneResource`. */
  readonly findResource: (proxyType: BootstrapProxyType, mesh: string, name: string) => ProxyResource | undefined;
  /** `KUMA_BOOTSTRAP_SERVER_PARAMS_ADMIN_PORT`, used unless the resource sets `networking.admin.port`. */
  readonly adminPortDefault: number;
  readonly adminAddress: string;
  /** `''`: the host the proxy used to reach this server (its Host header). */
  readonly xdsHost: string;
  readonly xdsPort: number;
  readonly xdsConnectTimeoutMs: number;
  /**
   * The DP server's certificate (PEM) when it serves TLS: Envoy's ADS cluster then dials TLS, trusting the
   * request's `caCert` (kumiko-dp's `--ca-cert-file`), else this certificate, as Kuma does. Absent: plaintext.
   */
  readonly dpServerCertPem?: string | undefined;
  readonly logger?: Logger;
}

export interface BootstrapInput {
  readonly body: string;
  readonly accept: string | undefined;
  readonly host: string | undefined;
}

const text = (status: number, body: string): DpHttpReply => ({ status, contentType: 'text/plain; charset=utf-8', body });

/** Kuma's answer to a bootstrap request without a token when its proxy type authenticates. */
export const DATAPLANE_TOKEN_REQUIRED =
  "Dataplane Token is required. Generate token using 'kumactl generate dataplane-token > /path/file' and provide it via --dataplane-token-file=/path/file argument to Kuma DP";

/**
 * Kuma's bootstrap handler (`pkg/xds/bootstrap/handler.go`): decodes the request (400 when it is not
 * a BootstrapRequest), refuses one without a token (or its path) when its proxy type authenticates (422; the token
 * itself is checked on the ADS stream, as in Kuma), reads and validates `dataplaneResource` or looks the proxy up (422 with one
 * `field: message` line per violation; 404 for an unknown mesh or proxy), and answers the Envoy
 * bootstrap — JSON `{bootstrap: base64 YAML, kumaSidecarConfiguration}` when the client accepts
 * JSON, raw YAML otherwise.
 */
export async function handleBootstrapRequest(input: BootstrapInput, deps: BootstrapDeps): Promise<DpHttpReply> {
  let json: unknown;
  try {
    json = JSON.parse(input.body);
  } catch {
    return text(400, 'could not parse the bootstrap request: not JSON');
  }
  const parsed = bootstrapRequestSchema.safeParse(json);
  if (!parsed.success)
    return text(
      400,
      `invalid bootstrap request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  const request = parsed.data;
  if (deps.tokenRequired?.(request.proxyType) === true && request.dataplaneToken === '' && request.dataplaneTokenPath === '')
    return text(422, DATAPLANE_TOKEN_REQUIRED);

  const resolved = resolveResource(request, deps);
  if ('reply' in resolved) return resolved.reply;
  const { resource } = resolved;
  if (resource.type === 'Dataplane' && !deps.meshExists(resource.mesh)) return text(404, `mesh "${resource.mesh}" not found`);

  const config = buildEnvoyBootstrap(resource, request, {
    xdsHost: deps.xdsHost !== '' ? deps.xdsHost : hostOf(input.host),
    xdsPort: deps.xdsPort,
    xdsConnectTimeoutMs: deps.xdsConnectTimeoutMs,
    adminAddress: deps.adminAddress,
    adminPort: resource.networking?.admin?.port || deps.adminPortDefault,
    ...(deps.dpServerCertPem === undefined ? {} : { xdsCaPem: request.caCert !== '' ? request.caCert : deps.dpServerCertPem }),
  });
  const yaml = stringify(config, { lineWidth: 0 });
  deps.logger?.info(
    { type: resource.type, name: resource.name, ...(resource.type === 'Dataplane' ? { mesh: resource.mesh } : {}) },
    'bootstrap served',
  );
  if (!(input.accept ?? '').includes('application/json')) return { status: 200, contentType: 'text/x-yaml', body: yaml };
  const address = resource.networking?.address ?? '';
  return {
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({
      bootstrap: Buffer.from(yaml, 'utf8').toString('base64'),
      kumaSidecarConfiguration: { networking: { address, corefileTemplate: '' }, metrics: { aggregate: [] } },
      ...(resource.type === 'Dataplane' && deps.meshMtlsEnabled !== undefined
        ? { kumikoMeshMtls: deps.meshMtlsEnabled(resource.mesh) }
        : {}),
    }),
  };
}

function resolveResource(request: BootstrapRequest, deps: BootstrapDeps): { resource: ProxyResource } | { reply: DpHttpReply } {
  if (request.dataplaneResource === '') {
    if (request.name === '' || (request.proxyType === 'dataplane' && request.mesh === ''))
      return {
        reply: unprocessable([{ field: 'dataplaneResource', message: 'is required when name and mesh do not name a registered proxy' }]),
      };
    if (request.proxyType === 'dataplane' && !deps.meshExists(request.mesh))
      return { reply: text(404, `mesh "${request.mesh}" not found`) };
    const stored = deps.findResource(request.proxyType, request.mesh, request.name);
    return stored === undefined ? { reply: text(404, `${request.proxyType} "${request.name}" not found`) } : { resource: stored };
  }
  const read = readProxyResource(request.dataplaneResource, request.proxyType, request.dataplaneConfig !== undefined);
  if (!read.ok) return { reply: unprocessable(read.violations) };
  const { resource } = read;
  const mismatch: Violation[] = [];
  if (request.name !== '' && request.name !== resource.name)
    mismatch.push({ field: 'name', message: `does not match the request's name "${request.name}"` });
  if (resource.type === 'Dataplane' && request.mesh !== '' && request.mesh !== resource.mesh)
    mismatch.push({ field: 'mesh', message: `does not match the request's mesh "${request.mesh}"` });
  return mismatch.length > 0 ? { reply: unprocessable(mismatch) } : { resource };
}

function unprocessable(violations: readonly Violation[]): DpHttpReply {
  return text(422, `Resource is not valid:\n${violations.map((v) => `${v.field || '(resource)'}: ${v.message}`).join('\n')}\n`);
}

/** The host of a Host header, without its port; IPv6 brackets removed. Default 127.0.0.1. */
function hostOf(header: string | undefined): string {
  if (header === undefined || header === '') return '127.0.0.1';
  if (header.startsWith('[')) return header.slice(1, Math.max(1, header.indexOf(']')));
  const colon = header.lastIndexOf(':');
  return colon < 0 ? header : header.slice(0, colon);
}
