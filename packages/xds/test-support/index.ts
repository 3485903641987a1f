/**
 * @kumiko/xds/test-support — what tests, scenarios, benchmarks and demo scripts use to talk to an
 * xDS server and to stand in for a workload. Never imported by production code.
 *
 * ```ts
 * import { XdsTestClient, startGreeterBackend, sayHello } from "@kumiko/xds/test-support";
 *
 * const client = new XdsTestClient(`127.0.0.1:${port}`);
 * const stream = client.sotw("default.web-1");      // or client.delta(nodeId)
 * const backend = await startGreeterBackend("backend-1");
 * ```
 */

// Raw ADS clients (state of the world and delta) that see every response as it is sent
export {
  type DeltaRequestOptions,
  type SotwRequestOptions,
  type StreamHeaders,
  DeltaTestStream,
  SotwTestStream,
  XdsTestClient,
} from './xds-test-client.js';

// What kumiko-dp does for a proxyless app: the node's SDS Secrets, followed over ADS, as certificate files
export { type IdentityFiles, SecretFileWriter } from './secret-file-writer.js';

// A real gRPC backend answering with its own name, for traffic through generated configuration
export { type GreeterBackend, SAY_HELLO, greeterService, sayHello, startGreeterBackend } from './greeter-backend.js';

// Hand-made resources and snapshots, for the cache and ADS server without the generators
export {
  type TestResources,
  edsCluster,
  grpcListener,
  loadAssignment,
  rawResource,
  routeTo,
  snapshotFromResources,
  testSnapshot,
} from './snapshot-cache-fixtures.js';
/** The generated codecs of the two resources the fixtures build, to encode them by hand. */
export { Cluster } from '../src/generated/envoy/config/cluster/v3/cluster.js';
export { ClusterLoadAssignment } from '../src/generated/envoy/config/endpoint/v3/endpoint.js';
/** The codecs of the resources a protocol-level test decodes from responses (Any values). */
export { Cluster as ClusterCodec } from '../src/generated/envoy/config/cluster/v3/cluster.js';
export { Secret } from '../src/generated/envoy/extensions/transport_sockets/tls/v3/secret.js';
export { DownstreamTlsContext, UpstreamTlsContext } from '../src/generated/envoy/extensions/transport_sockets/tls/v3/tls.js';
export { Listener as ListenerCodec } from '../src/generated/envoy/config/listener/v3/listener.js';
