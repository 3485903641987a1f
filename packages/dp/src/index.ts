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
 * The package's public door: everything other packages may use is exported here by name.
 */

// The agent
export { DataplaneRunner, type DataplaneRunnerOptions } from './dataplane-runner.js';
export { RunExitCodes, type RunExitCode, describeRunError } from './run-error-reporter.js';

// Configuration and the proxy resource
export { type RawRunFlags, type RunFlag, type RunFlagName, runFlags } from './config/run-flags.js';
export { type ResourceSource, type RunConfig, parseRunConfig } from './config/run-config.js';
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
