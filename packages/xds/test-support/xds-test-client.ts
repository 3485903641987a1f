import { Client, credentials, Metadata, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { DELTA_ADS_PATH, SOTW_ADS_PATH } from '../src/serve/ads-service-definition.js';
import {
  DeltaDiscoveryRequest,
  DeltaDiscoveryResponse,
  DiscoveryRequest,
  DiscoveryResponse,
} from '../src/generated/envoy/service/discovery/v3/discovery.js';

/**
 * A protocol-level xDS client for tests and benchmarks: it sends exactly the DiscoveryRequests it
 * is told to (no automatic ACKs, no caching), so tests can play every role a real client plays,
 * including misbehaving ones. Received responses queue up until `next()` takes them.
 */
export class XdsTestClient {
  private readonly client: Client;

  /** Plaintext, or TLS verified against `caPem` (a TLS DP server's CA) when given. */
  constructor(address: string, options: { readonly caPem?: string } = {}) {
    this.client = new Client(
      address,
      options.caPem === undefined ? credentials.createInsecure() : credentials.createSsl(Buffer.from(options.caPem)),
    );
  }

  /** Waits until the channel is connected (or `timeoutMs` passed). */
  async ready(timeoutMs = 5_000): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve())),
    );
  }

  /**
   * Opens a StreamAggregatedResources stream; `nodeId` goes on the first request only. `headers` become the call's
   * gRPC metadata (a header given several values is sent once per value), as Envoy's `initial_metadata`.
   */
  sotw(nodeId: string, headers: StreamHeaders = {}): SotwTestStream {
    const call = this.client.makeBidiStreamRequest(
      SOTW_ADS_PATH,
      (request: DiscoveryRequest) => Buffer.from(DiscoveryRequest.encode(request).finish()),
      (bytes: Buffer) => DiscoveryResponse.decode(bytes),
      metadataOf(headers),
    );
    return new SotwTestStream(call, nodeId);
  }

  /** Opens a DeltaAggregatedResources stream; `nodeId` goes on the first request only; `headers` as for {@link sotw}. */
  delta(nodeId: string, headers: StreamHeaders = {}): DeltaTestStream {
    const call = this.client.makeBidiStreamRequest(
      DELTA_ADS_PATH,
      (request: DeltaDiscoveryRequest) => Buffer.from(DeltaDiscoveryRequest.encode(request).finish()),
      (bytes: Buffer) => DeltaDiscoveryResponse.decode(bytes),
      metadataOf(headers),
    );
    return new DeltaTestStream(call, nodeId);
  }

  close(): void {
    this.client.close();
  }
}

/** gRPC metadata of a test stream: header → value, or values sent as repeated headers. */
export type StreamHeaders = Readonly<Record<string, string | readonly string[]>>;

function metadataOf(headers: StreamHeaders): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) {
    for (const one of typeof value === 'string' ? [value] : value) metadata.add(key, one);
  }
  return metadata;
}

/** One bidi stream: a queue of responses and the status it ended with. */
class TestStream<Request extends { node?: { id?: string } | undefined }, Response> {
  private readonly queue: Response[] = [];
  private waiter: (() => void) | undefined;
  private firstSent = false;
  /** Set once the stream ended: the error status, or null for OK. */
  ended: ServiceError | null | undefined;

  constructor(
    protected readonly call: ClientDuplexStream<Request, Response>,
    private readonly nodeId: string,
  ) {
    call.on('data', (response: Response) => {
      this.queue.push(response);
      this.wake();
    });
    call.on('error', (error: ServiceError) => {
      this.ended = error;
      this.wake();
    });
    call.on('end', () => {
      this.ended ??= null;
      this.wake();
    });
  }

  /** Sends `request`, adding the node to the stream's first message. */
  send(request: Request): void {
    const withNode = this.firstSent ? request : { ...request, node: { id: this.nodeId, ...request.node } };
    this.firstSent = true;
    this.call.write(withNode);
  }

  /** The next response; rejects if none arrives within `timeoutMs` or the stream ends first. */
  async next(timeoutMs = 2_000): Promise<Response> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = this.queue.shift();
      if (response !== undefined) return response;
      if (this.ended !== undefined) throw new Error(`stream ended: ${this.ended?.message ?? 'OK'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Resolves if nothing arrives within `ms`; rejects with the unexpected response otherwise. */
  async nothingWithin(ms: number): Promise<void> {
    const response = await this.next(ms).catch(() => undefined);
    if (response !== undefined) throw new Error(`unexpected response: ${JSON.stringify(response)}`);
  }

  /** Responses received and not yet taken. */
  get pending(): number {
    return this.queue.length;
  }

  /** Half-closes the stream. */
  end(): void {
    this.call.end();
  }

  cancel(): void {
    this.call.cancel();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}

export interface SotwRequestOptions {
  readonly version?: string;
  readonly nonce?: string;
  /** Makes the request a NACK with this message (code 14, as grpc-js sends). */
  readonly nack?: string;
}

export class SotwTestStream extends TestStream<DiscoveryRequest, DiscoveryResponse> {
  /** Sends a DiscoveryRequest for `typeUrl` naming `names`. */
  request(typeUrl: string, names: readonly string[], options: SotwRequestOptions = {}): void {
    this.send({
      type_url: typeUrl,
      resource_names: [...names],
      version_info: options.version ?? '',
      response_nonce: options.nonce ?? '',
      ...(options.nack === undefined ? {} : { error_detail: { code: 14, message: options.nack } }),
    });
  }

  /** ACKs `response`, keeping the subscription at `names`. */
  ack(response: DiscoveryResponse, names: readonly string[]): void {
    this.request(response.type_url ?? '', names, { version: response.version_info ?? '', nonce: response.nonce ?? '' });
  }

  /** NACKs `response`; `acceptedVersion` is the version the client keeps using. */
  nack(response: DiscoveryResponse, names: readonly string[], message: string, acceptedVersion = ''): void {
    this.request(response.type_url ?? '', names, { version: acceptedVersion, nonce: response.nonce ?? '', nack: message });
  }
}

export interface DeltaRequestOptions {
  readonly subscribe?: readonly string[];
  readonly unsubscribe?: readonly string[];
  readonly initialVersions?: Readonly<Record<string, string>>;
  readonly nonce?: string;
  readonly nack?: string;
}

export class DeltaTestStream extends TestStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
  request(typeUrl: string, options: DeltaRequestOptions = {}): void {
    this.send({
      type_url: typeUrl,
      resource_names_subscribe: [...(options.subscribe ?? [])],
      resource_names_unsubscribe: [...(options.unsubscribe ?? [])],
      initial_resource_versions: { ...options.initialVersions },
      response_nonce: options.nonce ?? '',
      ...(options.nack === undefined ? {} : { error_detail: { code: 14, message: options.nack } }),
    });
  }

  ack(response: DeltaDiscoveryResponse): void {
    this.request(response.type_url ?? '', { nonce: response.nonce ?? '' });
  }

  nack(response: DeltaDiscoveryResponse, message: string): void {
    this.request(response.type_url ?? '', { nonce: response.nonce ?? '', nack: message });
  }
}
