import type { Duplex } from 'node:stream';
import { Server, ServerCredentials, type ChannelOptions, type ServerDuplexStream } from '@grpc/grpc-js';
import { pino, type Logger } from 'pino';
import type { AdsAuthenticator } from './ads-authenticator.js';
import type { AdsCallbacks } from './ads-callbacks.js';
import { DEFAULT_MAX_NODE_METADATA_BYTES } from './ads-input-limits.js';
import type { ResourceProvider } from './ads-resource-provider.js';
import { adsServiceDefinition } from './ads-service-definition.js';
import { AdsSotwStream } from './ads-sotw-stream.js';
import type { AdsStream, AdsStreamDeps, ReconnectTrust } from './ads-stream.js';
import { DeltaAdsStream } from './delta-ads-stream.js';
import type { DeltaDiscoveryRequest, DiscoveryRequest } from '../generated/envoy/service/discovery/v3/discovery.js';
import type { SnapshotCache } from '../snapshot/snapshot-cache.js';

export interface AdsServerOptions {
  /** Where the streams read their node's snapshot and record sent/ACK/NACK counters. */
  readonly cache: SnapshotCache;
  /** Default: a silent logger. */
  readonly logger?: Logger;
  /** Asked for named resources a node's snapshot lacks (proxyless gRPC). Default: none. */
  readonly resourceProvider?: ResourceProvider;
  /** Default: none. */
  readonly callbacks?: AdsCallbacks;
  /** Which reconnecting SotW clients are trusted to hold what their version says; see {@link ReconnectTrust}. Default: `'wildcard'`. */
  readonly skipResendOnReconnect?: ReconnectTrust;
  /**
   * The largest node metadata a stream may open with, in bytes of its JSON form; a larger one is refused with
   * INVALID_ARGUMENT. Default: {@link DEFAULT_MAX_NODE_METADATA_BYTES} (256 KiB).
   */
  readonly maxNodeMetadataBytes?: number;
  /**
   * Admits or refuses each stream, once, on its first request and before it is served (see {@link AdsAuthenticator}).
   * Whatever it says, a stream stays bound to the node id of its first request. Default: every stream is admitted.
   */
  readonly authenticate?: AdsAuthenticator;
  /** grpc-js server options (keepalive, max message size, …). Default: grpc-js defaults. */
  readonly grpcOptions?: ChannelOptions;
}

type OpenStream = AdsStream<DiscoveryRequest> | AdsStream<DeltaDiscoveryRequest>;

/**
 * The aggregated discovery service over gRPC: state of the world (`StreamAggregatedResources`) and
 * incremental (`DeltaAggregatedResources`). It speaks the protocol only; resources come from the
 * snapshot cache (and, for names a snapshot lacks, the resource provider fills the cache).
 */
export class AdsServer {
  private readonly deps: AdsStreamDeps;
  private readonly grpcOptions: ChannelOptions;
  private readonly streams = new Set<OpenStream>();
  private server: Server | undefined;
  private _port: number | undefined;

  constructor(options: AdsServerOptions) {
    this.deps = {
      cache: options.cache,
      logger: options.logger ?? pino({ level: 'silent' }),
      callbacks: options.callbacks ?? {},
      provider: options.resourceProvider,
      skipResendOnReconnect: options.skipResendOnReconnect ?? 'wildcard',
      maxNodeMetadataBytes: options.maxNodeMetadataBytes ?? DEFAULT_MAX_NODE_METADATA_BYTES,
      authenticate: options.authenticate,
    };
    this.grpcOptions = options.grpcOptions ?? {};
  }

  /** Binds (plaintext) and serves; `address` defaults to an ephemeral loopback port. Resolves to the port. */
  async start(address = '127.0.0.1:0'): Promise<number> {
    const server = this.createServer();
    this._port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
    });
    this.deps.logger.info({ address, port: this._port }, 'ADS server listening');
    return this._port;
  }

  /**
   * Serves without listening: returns where to hand plaintext HTTP/2 connections accepted elsewhere,
   * e.g. by a server that shares one port between HTTP/1.1 and gRPC as Kuma's DP server shares 5678
   * between `/bootstrap` and ADS. The connection's first bytes must be the HTTP/2 preface (push back
   * what was read to detect it with `socket.unshift`). `stop()` ends these streams too.
   */
  startInjected(): (connection: Duplex) => void {
    const injector = this.createServer().createConnectionInjector(ServerCredentials.createInsecure());
    return (connection) => injector.injectConnection(connection);
  }

  private createServer(): Server {
    if (this.server !== undefined) throw new Error('AdsServer already started');
    const server = new Server(this.grpcOptions);
    server.addService(adsServiceDefinition, {
      StreamAggregatedResources: (call: ServerDuplexStream<DiscoveryRequest, Buffer>) =>
        this.open(new AdsSotwStream(call, this.deps, 'sotw', this.closed)),
      DeltaAggregatedResources: (call: ServerDuplexStream<DeltaDiscoveryRequest, Buffer>) =>
        this.open(new DeltaAdsStream(call, this.deps, 'delta', this.closed)),
    });
    this.server = server;
    return server;
  }

  /** The bound port; throws before `start()`. */
  get port(): number {
    if (this._port === undefined) throw new Error('AdsServer not started');
    return this._port;
  }

  /** Streams currently open (both flavours). */
  get openStreams(): number {
    return this.streams.size;
  }

  /**
   * Ends every stream (status OK, so clients reconnect, possibly to another instance), releases
   * their cache watches and shuts the server down. Idempotent.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const stream of [...this.streams]) stream.close();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 1_000);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private open(stream: OpenStream): void {
    this.streams.add(stream);
    stream.start();
  }

  private readonly closed = (stream: OpenStream): void => {
    this.streams.delete(stream);
  };
}
