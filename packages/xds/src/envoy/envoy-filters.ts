import type { StringMap } from '@kumiko/api';
import type { Filter, ListenerFilter } from '../generated/envoy/config/listener/v3/listener_components.js';
import type { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import { Router } from '../generated/envoy/extensions/filters/http/router/v3/router.js';
import { TlsInspector } from '../generated/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.js';
import { Config as DirectResponseConfig } from '../generated/envoy/extensions/filters/network/direct_response/v3/config.js';
import {
  type HttpConnectionManager,
  type HttpFilter,
  HttpConnectionManager as HttpConnectionManagerCodec,
} from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { TcpProxy } from '../generated/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.js';
import { packAny } from './any-packer.js';
import { sortedTags } from './envoy-config-blocks.js';

/** Envoy's well-known filter names (the `name` field; the typed config decides the filter). */
export const FilterNames = {
  tcpProxy: 'envoy.filters.network.tcp_proxy',
  httpConnectionManager: 'envoy.filters.network.http_connection_manager',
  directResponse: 'envoy.filters.network.direct_response',
  router: 'envoy.filters.http.router',
  tlsInspector: 'envoy.filters.listener.tls_inspector',
} as const;

/**
 * `tcp_proxy` to `cluster`. With `metadataMatch` tags, only the cluster's endpoints whose `envoy.lb`
 * metadata carries them are used (subset load balancing; Kuma's `TcpProxyDeprecatedWithMetadata`).
 */
export function tcpProxyFilter(statPrefix: string, cluster: string, metadataMatch: StringMap = {}): Filter {
  const match = sortedTags(metadataMatch);
  return {
    name: FilterNames.tcpProxy,
    config_type: {
      $case: 'typed_config',
      typed_config: packAny(TcpProxy, {
        stat_prefix: statPrefix,
        cluster_specifier: { $case: 'cluster', cluster },
        metadata_match: Object.keys(match).length > 0 ? { filter_metadata: { 'envoy.lb': match } } : undefined,
      }),
    },
  };
}

/** The router HTTP filter; it must be the last filter of every HCM (gRPC and Envoy both require it). */
export function routerHttpFilter(): HttpFilter {
  return { name: FilterNames.router, config_type: { $case: 'typed_config', typed_config: packAny(Router, {}) } };
}

/**
 * A route configuration with one virtual host (`*`) that sends every request to `cluster`. gRPC's
 * proven shape matches the empty prefix; Envoy sidecars use `/` as Kuma does.
 */
export function singleClusterRouteConfig(
  name: string,
  virtualHost: string,
  cluster: string,
  prefix = '/',
): RouteConfiguration & { name: string } {
  return {
    name,
    virtual_hosts: [
      {
        name: virtualHost,
        domains: ['*'],
        routes: [
          {
            match: { path_specifier: { $case: 'prefix', prefix } },
            action: { $case: 'route', route: { cluster_specifier: { $case: 'cluster', cluster } } },
          },
        ],
      },
    ],
  };
}

/** An HTTP connection manager with an inline route configuration and only the router filter. */
export function httpConnectionManagerFilter(statPrefix: string, routeConfig: RouteConfiguration): Filter {
  const hcm: HttpConnectionManager = {
    stat_prefix: statPrefix,
    route_specifier: { $case: 'route_config', route_config: routeConfig },
    http_filters: [routerHttpFilter()],
  };
  return {
    name: FilterNames.httpConnectionManager,
    config_type: { $case: 'typed_config', typed_config: packAny(HttpConnectionManagerCodec, hcm) },
  };
}

/** A network filter that writes `body` to every connection and closes it. */
export function directResponseFilter(body: string): Filter {
  return {
    name: FilterNames.directResponse,
    config_type: {
      $case: 'typed_config',
      typed_config: packAny(DirectResponseConfig, { response: { specifier: { $case: 'inline_string', inline_string: body } } }),
    },
  };
}

/** Reads SNI and ALPN from a TLS ClientHello so filter chains can match on them. */
export function tlsInspectorFilter(): ListenerFilter {
  return {
    name: FilterNames.tlsInspector,
    config_type: { $case: 'typed_config', typed_config: packAny(TlsInspector, {}) },
  };
}
