import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { fetchBootstrap } from './bootstrap/bootstrap-client.js';
import { buildBootstrapRequest } from './bootstrap/bootstrap-request.js';
import type { RunConfig } from './config/run-config.js';
import { DpProxyTypes } from './config/dp-proxy-type.js';
import { loadRunResource, readRunCaCert, readRunToken } from './config/run-inputs.js';
import { UsageError } from './config/usage-error.js';
import { DnsServer } from './dns/dns-server.js';
import { DnsTablePoller } from './dns/dns-table-poller.js';
import { type DnsUpstream, upstreamFromResolvConf } from './dns/dns-upstream.js';
import { buildEnvoyArgs } from './envoy/envoy-args.js';
import { locateEnvoyBinary } from './envoy/envoy-binary-locator.js';
import { type DrainOptions, EnvoySupervisor, type EnvoySupervisorOptions } from './envoy/envoy-supervisor.js';
import { readEnvoyVersion } from './envoy/envoy-version.js';

/** Envoy's admin port when neither the bootstrap nor `--admin-port` names one (Kuma's default). */
const DEFAULT_ADMIN_PORT = 9901;

export interface DataplaneRunnerOptions {
  readonly config: RunConfig;
  readonly logger: Logger;
  /** Where `PATH` (for `--binary-path envoy`) comes from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Read when `--dns-upstream` is not given. Default `/etc/resolv.conf`. */
  readonly resolvConfPath?: string;
  /** Envoy restart backoff and kill grace (see {@link EnvoySupervisorOptions}). */
  readonly supervisor?: Pick<EnvoySupervisorOptions, 'backoff' | 'killGraceMs' | 'output' | 'onEvent'>;
}

/**
 * `kumiko-dp run`: finds Envoy and its version, renders and checks the proxy resource, fetches the
 * bootstrap from the CP, writes `<config-dir>/bootstrap.yaml`, starts the DNS resolver (Dataplanes),
 * then runs Envoy until {@link stop}. Every check that needs no CP runs before the CP is called.
 */
export class DataplaneRunner {
  private readonly options: DataplaneRunnerOptions;
  private readonly abort = new AbortController();
  private readonly stopRequested: Promise<void>;
  private requestStop: () => void = () => undefined;
  private supervisor: EnvoySupervisor | undefined;
  private drain: DrainOptions | undefined;
  private dnsServer: DnsServer | undefined;
  private poller: DnsTablePoller | undefined;
  private tempDir: string | undefined;

  constructor(options: DataplaneRunnerOptions) {
    this.options = options;
    this.stopRequested = new Promise((resolve) => (this.requestStop = resolve));
  }

  /**
   * Starts everything and resolves once {@link stop} has drained and stopped it all. Rejects when
   * starting fails (after releasing what was started); a stop during start resolves instead.
   */
  async run(): Promise<void> {
    try {
      await this.start(this.abort.signal);
    } catch (error) {
      await this.release();
      if (this.abort.signal.aborted) return;
      throw error;
    }
    await this.stopRequested;
    await this.supervisor?.stop(this.drain);
    await this.release();
  }

  /** Asks {@link run} to drain Envoy, stop it and the resolver, and return. Idempotent. */
  stop(): void {
    this.abort.abort();
    this.requestStop();
  }

  /** Kills Envoy at once (a second Ctrl-C); the caller exits. */
  kill(): void {
    this.supervisor?.kill();
  }

  private async start(signal: AbortSignal): Promise<void> {
    const { config, logger } = this.options;
    const token = await readRunToken(config); // a bad token is the user's mistake, reported before a missing Envoy
    const binaryPath = await locateEnvoyBinary(config.binaryPath, this.options.env ?? process.env);
    const envoy = await readEnvoyVersion(binaryPath);
    logger.info({ binaryPath, envoy }, 'found Envoy');
    const resource = await loadRunResource(config);
    const dnsEnabled = config.dns.enabled && config.proxyType === DpProxyTypes.dataplane;
    const upstream = dnsEnabled ? await this.dnsUpstream() : undefined;
    signal.throwIfAborted();

    const configDir = config.configDir ?? (this.tempDir = await mkdtemp(join(tmpdir(), 'kumiko-dp-')));
    await mkdir(configDir, { recursive: true });
    const caPem = await readRunCaCert(config);
    const request = buildBootstrapRequest({
      caCert: caPem,
      proxyType: config.proxyType,
      name: resource.name,
      mesh: resource.mesh,
      resourceJson: resource.json,
      token: token?.jwt,
      tokenPath: token?.path,
      envoy,
      dnsPort: dnsEnabled ? config.dns.port : 0,
      workdir: configDir,
    });
    logger.info(
      { cpAddress: config.cpAddress, proxyType: config.proxyType, mesh: resource.mesh, name: resource.name },
      'requesting the bootstrap',
    );
    const bootstrap = await fetchBootstrap(request, {
      cpAddress: config.cpAddress,
      caPem,
      logger,
      timeoutMs: config.bootstrapTimeoutMs,
      signal,
    });
    const configPath = join(configDir, 'bootstrap.yaml');
    await writeFile(configPath, bootstrap.bootstrapYaml, { mode: 0o600 });
    logger.info({ configPath }, 'bootstrap written');
    this.drain = {
      admin: bootstrap.admin ?? { host: '127.0.0.1', port: config.adminPort ?? DEFAULT_ADMIN_PORT },
      drainTimeMs: config.drainTimeMs,
    };

    if (upstream !== undefined) {
      this.poller = new DnsTablePoller({
        cpAddress: config.cpAddress,
        caPem,
        mesh: resource.mesh,
        token: token?.jwt,
        intervalMs: config.dns.pollIntervalMs,
        logger: logger.child({ component: 'dns' }),
      });
      const poller = this.poller;
      this.dnsServer = new DnsServer({
        port: config.dns.port,
        upstream,
        table: () => poller.table,
        logger: logger.child({ component: 'dns' }),
      });
      await this.dnsServer.start();
      poller.start();
    }
    signal.throwIfAborted();
    this.supervisor = new EnvoySupervisor({
      binaryPath,
      args: buildEnvoyArgs({
        configPath,
        drainTimeMs: config.drainTimeMs,
        logLevel: config.envoyLogLevel,
        concurrency: config.concurrency,
      }),
      logger: logger.child({ component: 'envoy' }),
      ...this.options.supervisor,
    });
    this.supervisor.start();
  }

  private async dnsUpstream(): Promise<DnsUpstream> {
    const { config } = this.options;
    let upstream = config.dns.upstream;
    if (upstream === undefined) {
      const text = await readFile(this.options.resolvConfPath ?? '/etc/resolv.conf', 'utf8').catch(() => '');
      upstream = upstreamFromResolvConf(text) ?? { host: '127.0.0.1', port: 53 }; // glibc's default without a nameserver
    }
    if (['127.0.0.1', 'localhost'].includes(upstream.host) && upstream.port === config.dns.port) {
      throw new UsageError([
        `--dns-upstream ${upstream.host}:${upstream.port} is the resolver itself (--dns-port); pass another --dns-upstream`,
      ]);
    }
    return upstream;
  }

  private async release(): Promise<void> {
    this.poller?.stop();
    await this.dnsServer?.stop();
    if (this.tempDir !== undefined) await rm(this.tempDir, { recursive: true, force: true });
  }
}
