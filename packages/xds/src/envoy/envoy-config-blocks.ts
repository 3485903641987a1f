import { Tags, type StringMap } from '@kumiko/api';
import type { Address } from '../generated/envoy/config/core/v3/address.js';
import type { Metadata } from '../generated/envoy/config/core/v3/base.js';
import { ApiVersion, type ConfigSource } from '../generated/envoy/config/core/v3/config_source.js';
import type { Duration } from '../generated/google/protobuf/duration.js';

/** Small message shapes every generator repeats. All results are fresh objects. */

/** `{ads: {}, resource_api_version: V3}`: fetch over the same ADS stream (what gRPC requires). */
export function adsConfigSource(): ConfigSource {
  return { config_source_specifier: { $case: 'ads', ads: {} }, resource_api_version: ApiVersion.V3 };
}

/** A TCP socket address. */
export function socketAddress(address: string, port: number): Address {
  return {
    address: {
      $case: 'socket_address',
      socket_address: { address, port_specifier: { $case: 'port_value', port_value: port } },
    },
  };
}

export function seconds(value: number): Duration {
  return { seconds: value, nanos: 0 };
}

/** Kuma's default upstream connect timeout (`DefaultTimeout()`, MeshTimeout's default). */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;

/** `tags` as a new object with keys in sorted order, optionally without some keys. */
export function sortedTags(tags: StringMap, without: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(tags).sort()) {
    if (!without.includes(key)) out[key] = tags[key] ?? '';
  }
  return out;
}

/**
 * Endpoint metadata as Kuma writes it (`envoy_metadata.LbMetadata`): the tags without
 * `kuma.io/service`, under `envoy.lb` (subset load balancing) and `envoy.transport_socket_match`.
 * `undefined` when nothing is left. Keys are sorted: ts-proto encodes maps in insertion order.
 */
export function lbMetadata(tags: StringMap): Metadata | undefined {
  const lb = sortedTags(tags, [Tags.service]);
  if (Object.keys(lb).length === 0) return undefined;
  return { filter_metadata: { 'envoy.lb': lb, 'envoy.transport_socket_match': { ...lb } } };
}
