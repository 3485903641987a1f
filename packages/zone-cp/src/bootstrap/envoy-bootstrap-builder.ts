import { isIP } from 'node:net';
import { buildProxyId, Tags } from '@kumiko/api';
import type { ProxyResource } from '../lifecycle/proxy-lifecycle.js';
import type { BootstrapRequest } from './bootstrap-request.js';

/** Where the proxy finds ADS and how its admin listens; resolved by the handler. */
export interface EnvoyBootstrapParams {
  readonly xdsHost: string;
  readonly xdsPort: number;
  readonly xdsConnectTimeoutMs: number;
  readonly adminAddress: string;
  readonly adminPort: number;
  /** When set, the ADS cluster dials TLS and verifies the CP against this CA (PEM); otherwise plaintext. */
  readonly xdsCaPem?: string;
}

/** Node metadata key holding the resource as JSON; the ADS lifecycle registers the proxy from it. */
export const DATAPLANE_RESOURCE_KEY = 'dataplane.resource';

const PROXY_TYPE_OF = { Dataplane: 'dataplane', ZoneIngress: 'ingress', ZoneEgress: 'egress' } as const;

/**
 * The Envoy v3 bootstrap for a proxy, after Kuma's universal bootstrap
 * (`pkg/xds/bootstrap/testdata/bootstrap.universal.golden.yaml`): node `<mesh>.<name>` whose
 * metadata carries the resource (`dataplane.resource`) and the proxy's ports and versions; ADS
 * (SotW, or delta with `feature-delta-grpc`) over the static `ads_cluster` (HTTP/2) to this zone
 * CP; the admin on `adminAddress:adminPort` with its access log discarded. With `xdsCaPem`, as Kuma's,
 * `ads_cluster` dials TLS ≥ 1.2 with SNI `xdsHost`, validated by the static secret `cp_validation_ctx`
 * (the CA, and `xdsHost` as the DNS or IP SAN to match); without it, plaintext. A request that carries
 * `dataplaneToken` (a dataplane or zone token) gets it back as the ADS service's `initial_metadata`
 * `authorization: <jwt>`, so Envoy presents it on every ADS stream, as Kuma's bootstrap does; the YAML then holds
 * the token, which is why kumiko-dp writes it readable by its owner only.
 * Pure and deterministic: the same inputs give the same object (keys in Envoy's YAML spelling).
 */
export function buildEnvoyBootstrap(
  resource: ProxyResource,
  request: BootstrapRequest,
  params: EnvoyBootstrapParams,
): Record<string, unknown> {
  const mesh = resource.type === 'Dataplane' ? resource.mesh : '';
  const cluster =
    resource.type === 'Dataplane'
      ? (resource.networking?.inbound[0]?.tags[Tags.service] ?? resource.networking?.gateway?.tags[Tags.service] ?? resource.name)
      : resource.name;
  const delta = request.features.includes('feature-delta-grpc');
  return {
    node: {
      id: buildProxyId(mesh, resource.name),
      cluster,
      metadata: {
        'dataplane.proxyType': PROXY_TYPE_OF[resource.type],
        'dataplane.admin.address': params.adminAddress,
        'dataplane.admin.port': String(params.adminPort),
        'dataplane.dns.port': String(request.dnsPort),
        'dataplane.readinessReporter.port': String(request.readinessPort),
        [DATAPLANE_RESOURCE_KEY]: JSON.stringify(resource),
        dynamicMetadata: request.dynamicMetadata,
        features: request.features,
        version: request.version,
        workdir: request.workdir,
      },
    },
    dynamic_resources: {
      ads_config: {
        api_type: delta ? 'DELTA_GRPC' : 'GRPC',
        transport_api_version: 'V3',
        set_node_on_first_message_only: true,
        grpc_services: [adsGrpcService(request.dataplaneToken)],
      },
      cds_config: { ads: {}, resource_api_version: 'V3' },
      lds_config: { ads: {}, resource_api_version: 'V3' },
    },
    static_resources: {
      clusters: [
        {
          name: 'ads_cluster',
          type: isIP(params.xdsHost) === 0 ? 'STRICT_DNS' : 'STATIC',
          connect_timeout: `${params.xdsConnectTimeoutMs / 1000}s`,
          typed_extension_protocol_options: {
            'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
              '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
              explicit_http_config: { http2_protocol_options: {} },
            },
          },
          upstream_connection_options: { tcp_keepalive: { keepalive_interval: 10, keepalive_probes: 3, keepalive_time: 10 } },
          load_assignment: {
            cluster_name: 'ads_cluster',
            endpoints: [
              { lb_endpoints: [{ endpoint: { address: { socket_address: { address: params.xdsHost, port_value: params.xdsPort } } } }] },
            ],
          },
          ...(params.xdsCaPem === undefined ? {} : { transport_socket: adsTransportSocket(params.xdsHost) }),
        },
      ],
      ...(params.xdsCaPem === undefined ? {} : { secrets: [cpValidationSecret(params.xdsHost, params.xdsCaPem)] }),
    },
    admin: {
      access_log: [
        {
          name: 'envoy.access_loggers.file',
          typed_config: { '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path: '/dev/null' },
        },
      ],
      address: { socket_address: { address: params.adminAddress, port_value: params.adminPort } },
    },
    layered_runtime: {
      layers: [
        {
          name: 'kuma',
          static_layer: {
            'envoy.restart_features.use_eds_cache_for_ads': true,
            're2.max_program_size.error_level': 4294967295,
            're2.max_program_size.warn_level': 1000,
          },
        },
      ],
    },
  };
}

/**
 * Envoy's `GrpcService` for ADS over `ads_cluster`. With a token, `initial_metadata` (repeated `HeaderValue`) adds
 * `authorization` with the raw JWT to each stream. Only the token's value is used: a `dataplaneTokenPath` alone
 * adds nothing, since Envoy re-reading the file (Kuma's reloadable tokens, a Google gRPC file-based credentials
 * plugin) is not supported here and kumiko-dp always sends the value it read.
 */
function adsGrpcService(rawToken: string): Record<string, unknown> {
  const token = rawToken.trim(); // a line break is not allowed in a header value, and is never part of a JWT
  return {
    envoy_grpc: { cluster_name: 'ads_cluster' },
    ...(token === '' ? {} : { initial_metadata: [{ key: 'authorization', value: token }] }),
  };
}

const CP_VALIDATION_SECRET = 'cp_validation_ctx';

function adsTransportSocket(xdsHost: string): Record<string, unknown> {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      sni: xdsHost,
      common_tls_context: {
        tls_params: { tls_minimum_protocol_version: 'TLSv1_2' },
        validation_context_sds_secret_config: { name: CP_VALIDATION_SECRET },
      },
    },
  };
}

function cpValidationSecret(xdsHost: string, caPem: string): Record<string, unknown> {
  return {
    name: CP_VALIDATION_SECRET,
    validation_context: {
      match_typed_subject_alt_names: [
        { san_type: 'DNS', matcher: { exact: xdsHost } },
        { san_type: 'IP_ADDRESS', matcher: { exact: xdsHost } },
      ],
      trusted_ca: { inline_bytes: Buffer.from(caPem, 'utf8').toString('base64') },
    },
  };
}
