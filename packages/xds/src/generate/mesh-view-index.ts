import { type Mesh, type Protocol, Protocols, Tags } from '@kumiko/api';
import {
  type Endpoint,
  type EndpointMap,
  buildEgressEndpointMap,
  buildEndpointMap,
  buildIngressEndpointMap,
  endpointsFingerprint,
} from './endpoint-map-builder.js';
import type { GeneratorContext } from './shared-resource-cache.js';

/**
 * Per-view derivations every proxy of a mesh shares, memoised in the generator context: computed
 * by the first proxy that needs them, then looked up.
 */

/** The consumer-side endpoint map of `mesh` (see {@link buildEndpointMap}). */
export function endpointMapOf(ctx: GeneratorContext, mesh: string): EndpointMap {
  return ctx.memo(`endpointMapOf:${mesh}`, () => buildEndpointMap(ctx.view, mesh));
}

/** What a ZoneIngress forwards to in `mesh` (see {@link buildIngressEndpointMap}). */
export function ingressEndpointMapOf(ctx: GeneratorContext, mesh: string): EndpointMap {
  return ctx.memo(`ingressEndpointMapOf:${mesh}`, () => buildIngressEndpointMap(ctx.view, mesh));
}

/** What a ZoneEgress forwards to in `mesh` (see {@link buildEgressEndpointMap}). */
export function egressEndpointMapOf(ctx: GeneratorContext, mesh: string): EndpointMap {
  return ctx.memo(`egressEndpointMapOf:${mesh}`, () => buildEgressEndpointMap(ctx.view, mesh));
}

/** Which endpoint map a service's endpoints come from. */
export type EndpointMapKind = 'consumer' | 'ingress' | 'egress';

const NO_ENDPOINTS: readonly Endpoint[] = [];

/** One service's endpoints in the `kind` endpoint map of `mesh` (shared; do not mutate). */
export function serviceEndpoints(ctx: GeneratorContext, kind: EndpointMapKind, mesh: string, service: string): readonly Endpoint[] {
  const maps = { consumer: endpointMapOf, ingress: ingressEndpointMapOf, egress: egressEndpointMapOf };
  return maps[kind](ctx, mesh).get(service) ?? NO_ENDPOINTS;
}

/** {@link endpointsFingerprint} of one service's endpoints, memoised. */
export function serviceEndpointsFingerprint(ctx: GeneratorContext, kind: EndpointMapKind, mesh: string, service: string): string {
  const endpoints = serviceEndpoints(ctx, kind, mesh, service);
  return ctx.carried(`serviceEndpointsFingerprint:${kind}:${mesh}:${service}`, endpoints, () => endpointsFingerprint(endpoints));
}

/**
 * The protocol a consumer speaks to `service` (Kuma's `InferServiceProtocol`): the endpoints'
 * common `kuma.io/protocol`; `http` when they mix `http` and `http2`; `tcp` otherwise, and when
 * there are no endpoints.
 */
export function serviceProtocol(ctx: GeneratorContext, mesh: string, service: string): Protocol {
  const endpoints = serviceEndpoints(ctx, 'consumer', mesh, service);
  return ctx.carried(`serviceProtocol:${mesh}:${service}`, endpoints, () => {
    const protocols = new Set(endpoints.map((e) => parseProtocol(e.tags[Tags.protocol])));
    if (protocols.size === 1) return [...protocols][0] ?? Protocols.tcp;
    if (protocols.size === 2 && protocols.has(Protocols.http) && protocols.has(Protocols.http2)) return Protocols.http;
    return Protocols.tcp;
  });
}

/** `kuma.io/protocol` as a known protocol; absent or unknown is `tcp` (Kuma's `ParseProtocol`). */
export function parseProtocol(value: string | undefined): Protocol {
  const known: readonly string[] = Object.values(Protocols);
  return value !== undefined && known.includes(value) ? (value as Protocol) : Protocols.tcp;
}

/** True for the protocols Envoy handles with an HTTP connection manager. */
export function isHttpProtocol(protocol: Protocol): boolean {
  return protocol === Protocols.http || protocol === Protocols.http2 || protocol === Protocols.grpc;
}

/** The parts of a Mesh that generators read, as text: other changes (logging, metrics…) never regenerate. */
export function meshFingerprint(mesh: Mesh | undefined): string {
  if (!mesh) return '-';
  const backend = mesh.mtls?.backends.find((b) => b.name === mesh.mtls?.enabledBackend);
  return JSON.stringify([
    mesh.mtls?.enabledBackend ?? '',
    backend?.mode ?? '',
    mesh.routing?.localityAwareLoadBalancing ?? false,
    mesh.routing?.zoneEgress ?? false,
    mesh.networking?.outbound?.passthrough ?? true,
  ]);
}
