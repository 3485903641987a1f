/**
 * @kumiko/dp — kumiko-dp, the agent beside each workload (kuma-dp compatible): renders and checks
 * the proxy resource, fetches the Envoy bootstrap from the zone CP (`POST /bootstrap`), runs and
 * restarts Envoy, drains it at shutdown, and serves DNS for `<service>.mesh` names from the CP's
 * `GET /dns` table. `bin/kumiko-dp run --help` lists the flags.
 *
 * ```ts
 * import { pino } from "pino";
 * import { DataplaneRunner, parseRunConfig } from "@kumiko/dp";
 *
 * const config = parseRunConfig(                            // throws UsageError listing every problem
 *   { cpAddress: "http://127.0.0.1:5678", dataplaneFile: "dp.yaml", dataplaneVar: ["address=10.0.0.1"] },
 *   process.env,
 * );
 * const runner = new DataplaneRunner({ config, logger: pino() });
 * process.once("SIGTERM", () => runner.stop());             // drain Envoy, stop it and the resolver
 * await runner.run();                                       // resolves after stop(); rejects when start fails
 * ```
 *
 *
 * Beside a proxyless gRPC app (`--proxyless`), {@link ProxylessRunner} takes the runner's place: no Envoy; it
 * relays the app's ADS to the CP on loopback and keeps the mesh identity as files the app's gRPC bootstrap names.
 *
 * ```ts
 * const runner = new ProxylessRunner({ config, logger: pino(), onReady: ({ bootstrapPath }) => … });  // GRPC_XDS_BOOTSTRAP
 * ```
 *
 * The package's public door: everything other packages may use is exported here by name.
 */

// The agent
export { DataplaneRunner, type DataplaneRunnerOptions } from './dataplane-runner.js';
export { RunExitCodes, type RunExitCode, describeRunError } from './run-error-reporter.js';

// Configuration and the proxy resource
export { type RawRunFlags, type RunFlag, type RunFlagName, runFlags } from './config/run-flags.js';
export { type LoopbackAddress, type ResourceSource, type RunConfig, parseLoopbackAddress, parseRunConfig } from './config/run-config.js';
export { UsageError } from './config/usage-error.js';
export { type DataplaneVars, parseDataplaneVars } from './config/dataplane-vars.js';
export { TemplateRenderError, renderTemplate } from './config/template-renderer.js';
export { type DpProxyType, DpProxyTypes, resourceTypeOfProxyType } from './config/dp-proxy-type.js';
export { type ProxyResource, type ProxyResourceInput, ProxyResourceError, loadProxyResource } from './config/proxy-resource-loader.js';

// Bootstrap
export {
  type BootstrapRequest,
  type BootstrapRequestInput,
  KUMIKO_DP_FEATURES,
  buildBootstrapRequest,
} from './bootstrap/bootstrap-request.js';
export { type BootstrapResponse, BootstrapResponseError, decodeBootstrapResponse } from './bootstrap/bootstrap-response.js';
export { type EnvoyBootstrapNode, readEnvoyBootstrapNode } from './bootstrap/envoy-bootstrap-node.js';
export {
  type BootstrapClientOptions,
  BootstrapRejectedError,
  BootstrapTimeoutError,
  fetchBootstrap,
} from './bootstrap/bootstrap-client.js';

// Envoy
export { EnvoyNotFoundError, locateEnvoyBinary } from './envoy/envoy-binary-locator.js';
export { type EnvoyVersion, EnvoyUnusableError, parseEnvoyVersion, readEnvoyVersion } from './envoy/envoy-version.js';
export { type EnvoyArgsInput, buildEnvoyArgs } from './envoy/envoy-args.js';
export { DEFAULT_RESTART_BACKOFF, RestartBackoff, type RestartBackoffOptions } from './envoy/restart-backoff.js';
export { type EnvoyAdminAddress, EnvoyAdminError, drainListeners } from './envoy/envoy-admin-client.js';
export { type DrainOptions, EnvoySupervisor, type EnvoySupervisorOptions, type SupervisorEvent } from './envoy/envoy-supervisor.js';

// DNS
export { DNS_CLASS_IN, DnsFlags, DnsRcodes, DnsTypes, type DnsQuery, type DnsQuestion, type DnsRcode } from './dns/dns-message.js';
export { type DecodedDnsPacket, decodeDnsPacket } from './dns/dns-query-decoder.js';
export { type DnsAnswer, encodeDnsAnswer, encodeDnsError } from './dns/dns-response-encoder.js';
export { DnsTable, type DnsTableEntry, type DnsTableResponse, dnsTableResponseSchema, normalizeDnsName } from './dns/dns-table.js';
export { type DnsPollResult, DnsTablePoller, type DnsTablePollerOptions } from './dns/dns-table-poller.js';
export { type DnsOutcome, type DnsQueryHandlerDeps, handleDnsPacket } from './dns/dns-query-handler.js';
export { DnsForwardError, forwardDnsTcp, forwardDnsUdp } from './dns/dns-forwarder.js';
export { DnsTcpFramer } from './dns/dns-tcp-framer.js';
export { DnsListenError, DnsServer, type DnsServerOptions } from './dns/dns-server.js';
export { DEFAULT_UPSTREAM_DNS_PORT, type DnsUpstream, parseDnsUpstream, upstreamFromResolvConf } from './dns/dns-upstream.js';

// Proxyless gRPC (--proxyless)
export { type ProxylessReady, ProxylessRunner, type ProxylessRunnerOptions } from './proxyless/proxyless-runner.js';
export {
  DEFAULT_IDENTITY_REFRESH_INTERVAL,
  GRPC_BOOTSTRAP_FILE,
  type GrpcBootstrapInput,
  buildGrpcBootstrap,
} from './proxyless/grpc-bootstrap-builder.js';
export {
  type IdentityFilePaths,
  type IdentityMaterial,
  identityFilePaths,
  removePrivateKey,
  writeIdentityFiles,
} from './proxyless/identity-files.js';
export { writeFileAtomically } from './proxyless/atomic-file-writer.js';
export { type AdsNode, SecretAdsClient, type SecretAdsClientOptions } from './proxyless/secret-ads-client.js';
export { AdsRelay, type AdsRelayOptions } from './proxyless/ads-relay.js';
