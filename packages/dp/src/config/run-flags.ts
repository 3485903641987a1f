/**
 * Every flag of `kumiko-dp run`: its commander spelling, the environment variable that sets it when
 * the flag is absent (kuma-dp's name where kuma-dp has one), the default used when neither is set, and
 * its help text. A flag beats its variable, which beats the default. Values are raw strings here;
 * {@link parseRunConfig} validates them.
 */
export interface RunFlag {
  /** Commander option spelling, e.g. `--cp-address <url>`. */
  readonly flag: string;
  readonly env: string;
  /** `undefined`: no value unless given (see the description for what that means). */
  readonly default: string | undefined;
  readonly description: string;
  /** Repeatable (`--dataplane-var a=1 --dataplane-var b=2`). */
  readonly repeatable?: boolean;
}

export const runFlags = {
  cpAddress: {
    flag: '--cp-address <url>',
    env: 'KUMA_CONTROL_PLANE_URL',
    default: 'http://127.0.0.1:5678',
    description: "URL of the zone CP's DP server (POST /bootstrap, GET /dns, ADS); https:// = TLS for all three",
  },
  caCertFile: {
    flag: '--ca-cert-file <path>',
    env: 'KUMA_CONTROL_PLANE_CA_CERT_FILE',
    default: undefined,
    description: "CA (PEM) that verifies the DP server's certificate over https (default: the system roots)",
  },
  dataplane: {
    flag: '--dataplane <yaml>',
    env: 'KUMA_DATAPLANE_RUNTIME_RESOURCE',
    default: undefined,
    description: 'the proxy resource as an inline YAML/JSON template (instead of --dataplane-file)',
  },
  dataplaneFile: {
    flag: '--dataplane-file <path>',
    env: 'KUMA_DATAPLANE_RUNTIME_RESOURCE_PATH',
    default: undefined,
    description: 'file with the proxy resource (Dataplane, ZoneIngress or ZoneEgress), a {{ key }} template',
  },
  dataplaneVar: {
    flag: '-v, --dataplane-var <key=value>',
    env: 'KUMA_DATAPLANE_RUNTIME_RESOURCE_VARS',
    default: undefined,
    description: 'template variable, repeatable (the variable takes k=v,k=v)',
    repeatable: true,
  },
  name: {
    flag: '--name <name>',
    env: 'KUMA_DATAPLANE_NAME',
    default: undefined,
    description: 'proxy name (must match the file when both are given)',
  },
  mesh: {
    flag: '--mesh <mesh>',
    env: 'KUMA_DATAPLANE_MESH',
    default: undefined,
    description: 'mesh of a Dataplane (must match the file when both are given)',
  },
  proxyType: {
    flag: '--proxy-type <type>',
    env: 'KUMA_DATAPLANE_PROXY_TYPE',
    default: 'dataplane',
    description: 'dataplane, ingress or egress',
  },
  dataplaneToken: {
    flag: '--dataplane-token <token>',
    env: 'KUMA_DATAPLANE_RUNTIME_TOKEN',
    default: undefined,
    description:
      "the proxy's token inline: a dataplane token, or a zone token for ingress/egress; wins over --dataplane-token-file, as in kuma-dp",
  },
  dataplaneTokenFile: {
    flag: '--dataplane-token-file <path>',
    env: 'KUMA_DATAPLANE_RUNTIME_TOKEN_PATH',
    default: undefined,
    description:
      "file holding the proxy's token ('kumactl generate dataplane-token' or 'zone-token' output), read once at start; sent to /bootstrap and on every ADS stream",
  },
  binaryPath: {
    flag: '--binary-path <path>',
    env: 'KUMA_DATAPLANE_RUNTIME_BINARY_PATH',
    default: 'envoy',
    description: 'Envoy binary: a path, or a name looked up on PATH',
  },
  configDir: {
    flag: '--config-dir <dir>',
    env: 'KUMA_DATAPLANE_RUNTIME_CONFIG_DIR',
    default: undefined,
    description: 'where bootstrap.yaml is written (default: a new temporary directory, removed at exit)',
  },
  adminPort: {
    flag: '--admin-port <port>',
    env: 'KUMA_DATAPLANE_ADMIN_PORT',
    default: undefined,
    description: "Envoy admin port: sets networking.admin.port of the resource sent to the CP (default: the resource's, else the CP's)",
  },
  drainTime: {
    flag: '--drain-time <duration>',
    env: 'KUMA_DATAPLANE_DRAIN_TIME',
    default: '30s',
    description: 'how long Envoy drains connections at shutdown (Envoy --drain-time-s)',
  },
  envoyLogLevel: {
    flag: '--envoy-log-level <level>',
    env: 'KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL',
    default: 'info',
    description: 'Envoy --log-level',
  },
  concurrency: {
    flag: '--concurrency <n>',
    env: 'KUMA_DATAPLANE_RUNTIME_CONCURRENCY',
    default: '0',
    description: 'Envoy worker threads; 0 = Envoy decides (--cpuset-threads on Linux)',
  },
  bootstrapTimeout: {
    flag: '--bootstrap-timeout <duration>',
    env: 'KUMA_CONTROL_PLANE_RETRY_MAX_DURATION',
    default: '60s',
    description: 'how long to retry the bootstrap request while the CP is unreachable or answers 5xx',
  },
  dnsEnabled: {
    flag: '--dns-enabled [bool]',
    env: 'KUMA_DNS_ENABLED',
    default: 'true',
    description: 'run the DNS resolver for <service>.mesh names (Dataplanes only)',
  },
  dnsPort: {
    flag: '--dns-port <port>',
    env: 'KUMA_DNS_CORE_DNS_PORT',
    default: '15053',
    description: 'UDP and TCP port of the DNS resolver on 127.0.0.1',
  },
  dnsUpstream: {
    flag: '--dns-upstream <host[:port]>',
    env: 'KUMIKO_DNS_UPSTREAM',
    default: undefined,
    description: 'resolver for names outside the mesh (default: first nameserver of /etc/resolv.conf, port 53)',
  },
  dnsPollInterval: {
    flag: '--dns-poll-interval <duration>',
    env: 'KUMIKO_DNS_POLL_INTERVAL',
    default: '1s',
    description: "how often the DNS table is fetched from the CP's GET /dns",
  },
  proxyless: {
    flag: '--proxyless [bool]',
    env: 'KUMIKO_DATAPLANE_PROXYLESS',
    default: 'false',
    description:
      'run beside a proxyless gRPC app instead of Envoy: write its gRPC xDS bootstrap and identity files to --config-dir and relay its ADS to the CP (Dataplanes only; no Envoy, no DNS resolver)',
  },
  proxylessAdsAddress: {
    flag: '--proxyless-ads-address <ip:port>',
    env: 'KUMIKO_PROXYLESS_ADS_ADDRESS',
    default: '127.0.0.1:0',
    description: "loopback address where --proxyless serves the app's ADS (plaintext); port 0 picks a free one, printed at start",
  },
  logLevel: {
    flag: '--log-level <level>',
    env: 'KUMA_LOG_LEVEL',
    default: 'info',
    description: 'kumiko-dp log level (trace … fatal, silent)',
  },
} as const satisfies Record<string, RunFlag>;

export type RunFlagName = keyof typeof runFlags;

/** What commander collected: a string per given flag (`true` for a bare `--dns-enabled`), string[] for repeatables. */
export type RawRunFlags = { readonly [K in RunFlagName]?: string | boolean | readonly string[] };
