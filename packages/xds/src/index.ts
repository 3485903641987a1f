/**
 * @kumiko/xds — Envoy resource generators, snapshots, per-node cache, ADS server.
 *
 * ```ts
 * import { parseProxyId } from "@kumiko/api";
 * import { ProxySnapshotGenerator, createMeshView, findProxy } from "@kumiko/xds";
 *
 * const generator = new ProxySnapshotGenerator();          // one per xDS server: shares resources
 * const view = createMeshView({ zone: "zone-1", meshes, dataplanes, zoneIngresses,
 *                               remoteZoneIngresses, zoneEgresses, vips });   // after every change
 *
 * const proxy = findProxy(view, "default.web-1");          // Envoy node.id → Dataplane/ZoneIngress/ZoneEgress
 * if (proxy) {
 *   const { snapshot, regenerated } = generator.generate(view, proxy);  // throws GeneratorError, SnapshotInconsistentError
 *   if (regenerated) cache.set(proxy.id, snapshot);        // unchanged inputs: same snapshot object, no push
 * }
 * // proxyless gRPC: node.id "<mesh>.<name>", listener names the client subscribed to
 * // ("backend", "backend.mesh", either with ":<port>"); unknown names are simply absent
 * const grpc = generator.generateProxyless(view, parseProxyId(nodeId).mesh, ["backend.mesh:8080"]);
 * generator.forget("default.web-1");                       // when the stream closes
 * ```
 *
 * Generators are pure functions of (view, proxy); snapshots are immutable, checked for consistency,
 * and versioned by content hashes. The package's public door: everything other packages may use is
 * exported here by name. Test clients, the test greeter and snapshot fixtures are not production
 * code: they live in `test-support/`, behind the `@kumiko/xds/test-support` door.
 */

// The snapshot contract shared with the ADS server and cache
export { PUSH_ORDER, type SnapshotResource, type TypeUrl, TypeUrls, type XdsSnapshot } from './snapshot/xds-snapshot.js';

// Inputs
export { type MeshView, type MeshViewInput, createMeshView } from './generate/mesh-view.js';
export { type XdsProxy, dataplaneProxy, findProxy, zoneEgressProxy, zoneIngressProxy } from './generate/xds-proxy.js';

// Per-proxy snapshots, incremental
export { ProxySnapshotGenerator, type ProxySnapshotResult } from './generate/proxy-snapshot-generator.js';
export { proxyInputHash } from './generate/proxy-input-hash.js';
export { type GeneratorContext, SharedResourceCache, createGeneratorContext } from './generate/shared-resource-cache.js';

// Generators
export { type GeneratedResource, type GeneratedTypeUrl, messageToJson } from './snapshot/generated-resource.js';
export { type ResourceGenerator } from './generate/resource-generator.js';
export { DEFAULT_GENERATORS, buildProxySnapshot, generateProxyResources } from './generate/proxy-resources-generator.js';
export { type MeshIdentityMaterial, meshSecretResources } from './generate/mesh-secrets.js';
export { meshMtlsMode } from './generate/mesh-tls.js';
export {
  PROXYLESS_IDENTITY_METADATA,
  PROXYLESS_IDENTITY_PROVIDER,
  proxylessDownstreamMeshTls,
  proxylessUpstreamMeshTls,
} from './generate/proxyless-mesh-tls.js';
export { type GeneratorErrorContext, type InboundRef, GeneratorError } from './generate/generator-error.js';
export { inboundListenerGenerator } from './generate/inbound-listener-generator.js';
export { outboundListenerGenerator } from './generate/outbound-listener-generator.js';
export { edsClusterGenerator } from './generate/eds-cluster-generator.js';
export { transparentProxyGenerator } from './generate/transparent-proxy-generator.js';
export { gatewayGenerator } from './generate/gateway-generator.js';
export { zoneIngressGenerator } from './generate/zone-ingress-generator.js';
export { zoneEgressGenerator } from './generate/zone-egress-generator.js';
export {
  type ProxylessOptions,
  buildProxylessSnapshot,
  generateProxylessResources,
  parseProxylessListenerName,
  resolveProxylessService,
} from './generate/grpc-proxyless-generator.js';

// Endpoints
export {
  type Endpoint,
  type EndpointLocality,
  type EndpointMap,
  buildEgressEndpointMap,
  buildEndpointMap,
  buildIngressEndpointMap,
} from './generate/endpoint-map-builder.js';

// Snapshots
export { buildSnapshot, encodeResource } from './snapshot/snapshot-builder.js';
export {
  type SnapshotProblem,
  type SnapshotProblemCode,
  SnapshotInconsistentError,
  SnapshotProblemCodes,
  checkSnapshotConsistency,
  formatProblem,
} from './snapshot/snapshot-consistency.js';

// Serving: per-node snapshot cache and the ADS server (state of the world and delta)
export {
  type NackDetail,
  type NodeXdsStats,
  type SnapshotListener,
  type SnapshotWatch,
  type TypeXdsStats,
  SnapshotCache,
} from './snapshot/snapshot-cache.js';
export { type AdsServerOptions, AdsServer } from './serve/ads-server.js';
export { DEFAULT_MAX_NODE_METADATA_BYTES, MAX_NACK_DETAIL_CHARS, truncatedNackDetail } from './serve/ads-input-limits.js';
export { type ReconnectTrust } from './serve/ads-stream.js';
export { type AdsCallbacks, type AdsStreamKind } from './serve/ads-callbacks.js';
export { nodeIdChangedMessage, type AdsAuthenticator, type AdsStreamCredentials } from './serve/ads-authenticator.js';
export { type MissingResourcesRequest, type ResourceProvider } from './serve/ads-resource-provider.js';
export { ADS_SERVICE, DELTA_ADS_PATH, SOTW_ADS_PATH, adsServiceDefinition } from './serve/ads-service-definition.js';

// Decoding what clients receive (TypeScript data planes, tests)
export {
  type Cluster,
  type ClusterLoadAssignment,
  type Listener,
  type Secret,
  type TcpProxy,
  decodeCluster,
  decodeListener,
  decodeLoadAssignment,
  decodeSecret,
  decodeTcpProxy,
} from './envoy/resource-decoders.js';
export { identityCertSecretName, meshCaSecretName } from './envoy/envoy-names.js';
/** The ADS messages an xDS client (kumiko-dp's proxyless agent) sends and receives, with their protobuf codecs. */
export { DiscoveryRequest, DiscoveryResponse } from './generated/envoy/service/discovery/v3/discovery.js';
