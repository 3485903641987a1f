import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { fetchBootstrap } from '../bootstrap/bootstrap-client.js';
import { buildBootstrapRequest } from '../bootstrap/bootstrap-request.js';
import { readEnvoyBootstrapNode } from '../bootstrap/envoy-bootstrap-node.js';
import type { RunConfig } from '../config/run-config.js';
import { loadRunResource, readRunCaCert, readRunToken } from '../config/run-inputs.js';
import { cpTransportFor } from '../cp/cp-channel-credentials.js';
import { AdsRelay } from './ads-relay.js';
import { writeFileAtomically } from './atomic-file-writer.js';
import { GRPC_BOOTSTRAP_FILE, buildGrpcBootstrap } from './grpc-bootstrap-builder.js';
import { type IdentityFilePaths, identityFilePaths, removePrivateKey, writeIdentityFiles } from './identity-files.js';
import { SecretAdsClient } from './secret-ads-client.js';

/** Node-metadata keys of the Envoy bootstrap the app's node carries too: the zone registers the Dataplane from them. */
const REGISTRATION_METADATA = ['dataplane.proxyType', 'dataplane.resource'] as const;

/** What the app needs, once it is in place. */
export interface ProxylessReady {
  /** `<config-dir>/grpc-bootstrap.json`: the app's `GRPC_XDS_BOOTSTRAP`. */
  readonly bootstrapPath: string;
  /** The loopback ADS relay, `host:port`. */
  readonly adsAddress: string;
  /** The identity files, when the mesh has mTLS. */
  readonly identity: IdentityFilePaths | undefined;
}

export interface ProxylessRunnerOptions {
  readonly config: RunConfig;
  readonly logger: Logger;
  /** Told once the bootstrap (and, in an mTLS mesh, the identity files) are written. Cheap; never throws. */
  readonly onReady?: (ready: ProxylessReady) => void;
}

/**
 * `kumiko-dp run --proxyless`: the agent beside a proxyless gRPC app, in Envoy's place. It registers the Dataplane
 * as the Envoy path does (`POST /bootstrap` with the resource, then an ADS stream whose node carries it), serves
 * the app's ADS on a loopback relay to the zone CP, and keeps the mesh identity the CP pushes over SDS as files
 * gRPC's `file_watcher` reads. It writes `<config-dir>/grpc-bootstrap.json` once the files it names exist: in an
 * mTLS mesh (the CP's bootstrap answer says so) after the first identity arrived, otherwise at once.
 *
 * At stop it closes the relay and its own stream, so the CP deletes the Dataplane after its deregistration delay,
 * and removes the private key. The bootstrap and the certificates stay in `--config-dir` for debugging (a
 * temporary config dir goes as a whole, as in the Envoy path).
 */
export class ProxylessRunner {
  private readonly options: ProxylessRunnerOptions;
  private readonly abort = new AbortController();
  private readonly stopRequested: Promise<void>;
  private requestStop: () => void = () => undefined;
  private relay: AdsRelay | undefined;
  private client: SecretAdsClient | undefined;
  private tempDir: string | undefined;
  private identity: IdentityFilePaths | undefined;

  constructor(options: ProxylessRunnerOptions) {
    this.options = options;
    this.stopRequested = new Promise((resolve) => (this.requestStop = resolve));
  }

  /** Starts everything and resolves once {@link stop} has closed it all; rejects when starting fails. */
  async run(): Promise<void> {
    try {
      await this.start(this.abort.signal);
    } catch (error) {
      await this.release();
      if (this.abort.signal.aborted) return;
      throw error;
    }
    await this.stopRequested;
    await this.release();
  }

  /** Asks {@link run} to close the relay and the CP stream and return. Idempotent. */
  stop(): void {
    this.abort.abort();
    this.requestStop();
  }

  /** A second signal: closes the relay and the CP stream at once, without waiting for {@link run}; the caller exits. */
  kill(): void {
    this.relay?.stop();
    this.client?.stop();
  }

  private async start(signal: AbortSignal): Promise<void> {
    const { config, logger } = this.options;
    const resource = await loadRunResource(config);
    const token = await readRunToken(config);
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
      envoy: { version: '', build: '' }, // no Envoy: a proxyless gRPC app
      dnsPort: 0,
      workdir: configDir,
    });
    logger.info({ cpAddress: config.cpAddress, mesh: resource.mesh, name: resource.name }, 'requesting the bootstrap (proxyless)');
    const bootstrap = await fetchBootstrap(request, {
      cpAddress: config.cpAddress,
      caPem,
      logger,
      timeoutMs: config.bootstrapTimeoutMs,
      signal,
    });
    const node = readEnvoyBootstrapNode(bootstrap.bootstrapYaml);
    const target = `${node.ads.host.includes(':') ? `[${node.ads.host}]` : node.ads.host}:${node.ads.port}`;

    const transport = cpTransportFor(config.cpAddress, caPem);
    this.relay = new AdsRelay({
      upstream: target,
      upstreamTransport: transport,
      token: token?.jwt,
      logger: logger.child({ component: 'ads-relay' }),
    });
    const relayPort = await this.relay.start(config.proxyless.adsAddress);
    const relayHost = config.proxyless.adsAddress.host;
    const adsAddress = `${relayHost.includes(':') ? `[${relayHost}]` : relayHost}:${relayPort}`;
    logger.info({ adsAddress, upstream: target }, 'ADS relay for the app listening');

    const bootstrapPath = join(configDir, GRPC_BOOTSTRAP_FILE);
    const metadata = Object.fromEntries(REGISTRATION_METADATA.flatMap((key) => (key in node.metadata ? [[key, node.metadata[key]]] : [])));
    const writeBootstrap = (identity: IdentityFilePaths | undefined): Promise<void> =>
      writeFileAtomically(
        bootstrapPath,
        `${JSON.stringify(buildGrpcBootstrap({ adsAddress, nodeId: node.id, metadata, identity }), null, 2)}\n`,
        0o644,
      );
    const paths = identityFilePaths(configDir);
    let bootstrapWritten = false;
    let firstIdentity: () => void = () => undefined;
    const identityArrived = new Promise<void>((resolve) => (firstIdentity = resolve));
    this.client = new SecretAdsClient({
      target,
      transport,
      token: token?.jwt,
      node,
      mesh: resource.mesh,
      logger: logger.child({ component: 'ads' }),
      onIdentity: async (material) => {
        await writeIdentityFiles(paths, material);
        logger.info({ certificateFile: paths.certificateFile }, 'mesh identity written');
        if (this.identity === undefined) {
          this.identity = paths;
          if (bootstrapWritten) {
            // mTLS came on after the app read its bootstrap: gRPC reads it once, so only a restart of the app uses it
            await writeBootstrap(paths);
            logger.warn({ bootstrapPath }, 'the mesh turned mTLS on: bootstrap rewritten with the identity; restart the app to use it');
          }
        }
        firstIdentity();
      },
    });
    this.client.start();

    if (bootstrap.meshMtls === true) {
      logger.info({ mesh: resource.mesh }, 'mTLS mesh: waiting for the identity certificate before writing the bootstrap');
      await untilAborted(identityArrived, signal);
    }
    await writeBootstrap(this.identity);
    bootstrapWritten = true;
    logger.info({ bootstrapPath, adsAddress }, 'gRPC xDS bootstrap written');
    this.options.onReady?.({ bootstrapPath, adsAddress, identity: this.identity });
  }

  private async release(): Promise<void> {
    this.relay?.stop();
    this.client?.stop();
    if (this.identity !== undefined) await removePrivateKey(this.identity);
    if (this.tempDir !== undefined) await rm(this.tempDir, { recursive: true, force: true });
  }
}

/** `promise`, or the signal's reason once it aborts. */
async function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
