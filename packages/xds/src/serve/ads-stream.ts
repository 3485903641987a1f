import { status, type ServerDuplexStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { nodeIdChangedMessage, type AdsAuthenticator } from './ads-authenticator.js';
import type { AdsCallbacks, AdsStreamKind } from './ads-callbacks.js';
import { nodeMetadataBytes } from './ads-input-limits.js';
import type { ResourceProvider } from './ads-resource-provider.js';
import type { Node } from '../generated/envoy/config/core/v3/base.js';
import type { SnapshotCache, SnapshotWatch } from '../snapshot/snapshot-cache.js';
import type { TypeUrl, XdsSnapshot } from '../snapshot/xds-snapshot.js';

/** What every ADS stream needs from its server; fully defaulted. */
export interface AdsStreamDeps {
  readonly cache: SnapshotCache;
  readonly logger: Logger;
  readonly callbacks: AdsCallbacks;
  readonly provider: ResourceProvider | undefined;
  readonly skipResendOnReconnect: ReconnectTrust;
  /** The largest node metadata accepted, in bytes of its JSON form. */
  readonly maxNodeMetadataBytes: number;
  /** Admits or refuses each stream on its first request; `undefined`: every stream is admitted. */
  readonly authenticate: AdsAuthenticator | undefined;
}

/**
 * Requests a client may send while its stream is being authenticated; more ends the stream. Envoy sends one per
 * type it subscribes to (a handful) before it hears back.
 */
const MAX_REQUESTS_WHILE_AUTHENTICATING = 64;

/** `new`: no request yet; `authenticating`: the first request is being checked; `open`: served. */
type StreamPhase = 'new' | 'authenticating' | 'open';

/**
 * When a SotW client opens a stream announcing the version it holds (`version_info`, empty nonce)
 * and that is the current version, the server may skip resending — but only if the client is not
 * also subscribing to something it never received (xDS protocol, "ACK/NACK and resource type
 * instance version"). That is known for wildcard subscriptions (Envoy's LDS/CDS); for named ones
 * only in deployments whose clients always subscribe to the same names.
 * - `'wildcard'`: skip for wildcard subscriptions, resend named ones (safe for any client).
 * - `'all'`: skip for every subscription.
 */
export type ReconnectTrust = 'wildcard' | 'all';

/** The fields SotW and delta requests share. */
interface AdsRequest {
  node?: Node | undefined;
  type_url?: string | undefined;
}

/**
 * The parts of an ADS stream that do not depend on the flavour: the node id from the first
 * request, the cache watch, nonces, writes that respect backpressure, the provider hook and
 * closing. Subclasses implement the protocol per type URL.
 */
export abstract class AdsStream<Request extends AdsRequest> {
  /** Undefined until the first request named the node. */
  protected nodeId: string | undefined;
  protected node: Node = {};
  /** The node's current snapshot, kept up to date by the cache watch. */
  protected snapshot: XdsSnapshot | undefined;
  protected readonly logger: Logger;
  private watch: SnapshotWatch | undefined;
  private nonce = 0;
  private blocked = false;
  private closed = false;
  private phase: StreamPhase = 'new';
  /** Requests that arrived while the stream was being authenticated, in order. */
  private readonly queued: Request[] = [];

  constructor(
    protected readonly call: ServerDuplexStream<Request, Buffer>,
    protected readonly deps: AdsStreamDeps,
    protected readonly kind: AdsStreamKind,
    private readonly onClosed: (stream: AdsStream<Request>) => void,
  ) {
    this.logger = deps.logger.child({ stream: kind, peer: call.getPeer() });
  }

  /** Attaches the stream's handlers; called once by the server. */
  start(): void {
    this.call.on('data', (request: Request) => this.onRequest(request));
    this.call.on('end', () => this.close());
    this.call.on('error', (error: Error) => {
      this.logger.debug({ err: error, nodeId: this.nodeId }, 'ADS stream error');
      this.close();
    });
    this.call.on('cancelled', () => this.close());
    this.call.on('close', () => this.close());
  }

  /** Ends the stream (status OK if still open) and releases the node's cache watch. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watch?.cancel();
    if (!this.call.writableEnded && !this.call.destroyed) this.call.end();
    this.queued.length = 0;
    // Only a stream that was opened (and so told `streamOpened`) is told it closed.
    if (this.phase === 'open' && this.nodeId !== undefined) {
      this.logger.debug({ nodeId: this.nodeId }, 'ADS stream closed');
      this.deps.callbacks.streamClosed?.({ nodeId: this.nodeId, kind: this.kind });
    }
    this.onClosed(this);
  }

  /** Handles one request of one type URL; the node is known by then. */
  protected abstract handleRequest(typeUrl: string, request: Request): void;

  /** Sends whatever is due for every subscribed type, in push order. */
  protected abstract respondAll(): void;

  /** False while the transport is applying backpressure or once the stream closed. */
  protected get writable(): boolean {
    return !this.blocked && !this.closed;
  }

  protected nextNonce(): string {
    this.nonce++;
    return this.nonce.toString(36);
  }

  /**
   * Writes one encoded response. When the transport buffer is full, later responses wait for
   * 'drain' and are then computed from the snapshot current at that time.
   */
  protected write(bytes: Buffer): void {
    if (this.call.write(bytes)) return;
    this.blocked = true;
    this.call.once('drain', () => {
      this.blocked = false;
      if (!this.closed) this.respondAll();
    });
  }

  /** Tells the provider about missing names; resolves when it settled (never rejects). */
  protected askProvider(typeUrl: TypeUrl, names: readonly string[]): Promise<void> | undefined {
    const { provider } = this.deps;
    const nodeId = this.nodeId;
    if (provider === undefined || nodeId === undefined || names.length === 0) return undefined;
    const failed = (error: unknown): void => this.logger.warn({ err: error, nodeId, typeUrl, names }, 'resource provider failed');
    try {
      return Promise.resolve(provider.provideMissing({ nodeId, node: this.node, typeUrl, names })).catch(failed);
    } catch (error) {
      failed(error);
      return Promise.resolve();
    }
  }

  /** Closes the stream with an error status the client sees. */
  protected fail(code: status, details: string): void {
    this.logger.warn({ nodeId: this.nodeId, code, details }, 'closing ADS stream');
    if (!this.call.writableEnded && !this.call.destroyed) this.call.emit('error', { code, details });
    this.close();
  }

  private onRequest(request: Request): void {
    if (this.closed) return;
    switch (this.phase) {
      case 'new':
        this.begin(request);
        return;
      case 'authenticating':
        if (this.queued.length >= MAX_REQUESTS_WHILE_AUTHENTICATING) {
          this.fail(
            status.RESOURCE_EXHAUSTED,
            `more than ${MAX_REQUESTS_WHILE_AUTHENTICATING} requests while the stream was being authenticated`,
          );
          return;
        }
        this.queued.push(request);
        return;
      case 'open':
        this.serve(request);
    }
  }

  /** Serves one request of an open stream; a request naming another node than the stream's ends it (Kuma's pinning). */
  private serve(request: Request): void {
    const requested = request.node?.id ?? '';
    if (requested !== '' && requested !== this.nodeId) {
      this.fail(status.INVALID_ARGUMENT, nodeIdChangedMessage(this.nodeId ?? '', requested));
      return;
    }
    const typeUrl = request.type_url ?? '';
    if (typeUrl === '') {
      this.fail(status.INVALID_ARGUMENT, 'type_url is required on an aggregated (ADS) stream');
      return;
    }
    try {
      this.handleRequest(typeUrl, request);
    } catch (error) {
      this.logger.error({ err: error, nodeId: this.nodeId, typeUrl }, 'ADS request handling failed');
      this.fail(status.INTERNAL, 'internal error handling the request');
    }
  }

  /**
   * Keys the stream on the first request's node id (later requests may omit `node`, and may not name another).
   * A node whose metadata is over the limit is refused once, with INVALID_ARGUMENT naming its size and the limit,
   * before anyone sees it. With an authenticator, the stream is opened only once it admitted the stream; requests
   * arriving meanwhile wait in order.
   */
  private begin(request: Request): void {
    const nodeId = request.node?.id ?? '';
    if (nodeId === '') {
      this.fail(status.INVALID_ARGUMENT, 'the first request on a stream must carry node.id');
      return;
    }
    const metadataBytes = nodeMetadataBytes(request.node);
    if (metadataBytes > this.deps.maxNodeMetadataBytes) {
      this.fail(
        status.INVALID_ARGUMENT,
        `node metadata of ${nodeId} is too large: ${metadataBytes} bytes, the limit is ${this.deps.maxNodeMetadataBytes} bytes`,
      );
      return;
    }
    this.nodeId = nodeId;
    this.node = request.node ?? {};
    const { authenticate } = this.deps;
    if (authenticate === undefined) {
      this.open();
      this.serve(request);
      return;
    }
    this.phase = 'authenticating';
    this.queued.push(request);
    let verdict: Promise<void>;
    try {
      verdict = authenticate({ nodeId, node: this.node, kind: this.kind, metadata: this.call.metadata });
    } catch (error) {
      verdict = Promise.reject(error);
    }
    verdict.then(
      () => {
        if (this.closed) return;
        this.open();
        while (!this.closed) {
          const next = this.queued.shift();
          if (next === undefined) break;
          this.serve(next);
        }
      },
      (error: unknown) => {
        if (this.closed) return;
        this.fail(status.UNAUTHENTICATED, `authentication failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  /** Starts serving the identified (and admitted) node: its cache watch, then `streamOpened`. */
  private open(): void {
    const nodeId = this.nodeId ?? '';
    this.phase = 'open';
    this.watch = this.deps.cache.watch(nodeId, (snapshot) => {
      this.snapshot = snapshot;
      if (this.writable) this.respondAll();
    });
    this.snapshot = this.watch.snapshot;
    this.logger.debug({ nodeId }, 'ADS stream opened');
    this.deps.callbacks.streamOpened?.({ nodeId, node: this.node, kind: this.kind });
  }
}
