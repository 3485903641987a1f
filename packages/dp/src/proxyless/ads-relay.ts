import {
  Client,
  type ClientDuplexStream,
  type MethodDefinition,
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServiceDefinition,
  type StatusObject,
  status as GrpcStatus,
} from '@grpc/grpc-js';
import { DELTA_ADS_PATH, SOTW_ADS_PATH } from '@kumiko/xds';
import type { Logger } from 'pino';
import { cpCallMetadata } from '../cp/cp-authorization.js';
import { type CpTransport, cpChannelCredentials } from '../cp/cp-channel-credentials.js';
import type { LoopbackAddress } from '../config/run-config.js';

const identity = (bytes: Buffer): Buffer => bytes;

function passThrough(path: string): MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream: true,
    responseStream: true,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
}

/** Both ADS methods with messages left as bytes: the relay never decodes what it forwards. */
const relayedAds = {
  StreamAggregatedResources: passThrough(SOTW_ADS_PATH),
  DeltaAggregatedResources: passThrough(DELTA_ADS_PATH),
} satisfies ServiceDefinition;

export interface AdsRelayOptions {
  /** The zone CP's ADS, `host:port`. */
  readonly upstream: string;
  /** How the upstream is reached; plaintext unless given. */
  readonly upstreamTransport?: CpTransport;
  /**
   * kumiko-dp's token, sent as `authorization` on every upstream stream. The app's own metadata is never forwarded,
   * so an `authorization` the app sends stays on the loopback: the CP sees kumiko-dp's token or none.
   */
  readonly token?: string | undefined;
  readonly logger: Logger;
}

/**
 * The proxyless app's xDS server: ADS (SotW and delta) on a loopback port, plaintext, each stream forwarded byte
 * for byte to the zone CP on a stream of its own. Messages, half-close, cancellation and the final status pass
 * through in both directions; nothing is decoded, so the app's node (its bootstrap's) is what the CP sees.
 *
 * This is where the app's trust in the mesh is delegated to kumiko-dp: the upstream channel is the one place to
 * put the authenticated, encrypted CP connection, so the app needs no token or CP certificate of its own: with
 * `upstreamTransport` TLS, the relay verifies the DP server against kumiko-dp's CA while the app talks plaintext to
 * the loopback only, and each upstream stream carries kumiko-dp's `token` in place of whatever the app sent.
 */
export class AdsRelay {
  private readonly options: AdsRelayOptions;
  private readonly server = new Server();
  private readonly upstream: Client;
  /** Each relayed stream's way to end both its halves. */
  private readonly open = new Set<() => void>();

  constructor(options: AdsRelayOptions) {
    this.options = options;
    this.upstream = new Client(options.upstream, cpChannelCredentials(options.upstreamTransport ?? { tls: false }));
    this.server.addService(relayedAds, {
      StreamAggregatedResources: (call: ServerDuplexStream<Buffer, Buffer>) => this.forward(SOTW_ADS_PATH, call),
      DeltaAggregatedResources: (call: ServerDuplexStream<Buffer, Buffer>) => this.forward(DELTA_ADS_PATH, call),
    });
  }

  /** Listens on `address`; resolves to the bound port. */
  async start(address: LoopbackAddress): Promise<number> {
    const host = address.host.includes(':') ? `[${address.host}]` : address.host;
    return new Promise((resolve, reject) =>
      this.server.bindAsync(`${host}:${address.port}`, ServerCredentials.createInsecure(), (error, port) =>
        error === null ? resolve(port) : reject(error),
      ),
    );
  }

  /** Stops listening and ends every relayed stream (the app sees UNAVAILABLE; upstream streams are cancelled). */
  stop(): void {
    for (const close of [...this.open]) close();
    this.server.forceShutdown();
    this.upstream.close();
  }

  private forward(path: string, call: ServerDuplexStream<Buffer, Buffer>): void {
    const { logger } = this.options;
    const upstream: ClientDuplexStream<Buffer, Buffer> = this.upstream.makeBidiStreamRequest(
      path,
      identity,
      identity,
      cpCallMetadata(this.options.token),
    );
    logger.debug({ path, peer: call.getPeer() }, 'relaying an ADS stream');
    let done = false;
    const finish = (): void => {
      done = true;
      this.open.delete(close);
    };
    const close = (): void => {
      finish();
      upstream.cancel();
      call.emit('error', { code: GrpcStatus.UNAVAILABLE, details: 'kumiko-dp is stopping' });
    };
    this.open.add(close);
    call.on('data', (bytes: Buffer) => upstream.write(bytes));
    call.on('end', () => upstream.end());
    call.on('cancelled', () => {
      finish();
      upstream.cancel();
    });
    call.on('error', () => undefined); // the app went away; 'cancelled' follows
    upstream.on('data', (bytes: Buffer) => {
      if (!done) call.write(bytes);
    });
    upstream.on('error', () => undefined); // reported through 'status'
    upstream.on('status', (status: StatusObject) => {
      if (done) return;
      finish();
      if (status.code === GrpcStatus.OK) call.end();
      else call.emit('error', { code: status.code, details: status.details, metadata: status.metadata });
    });
  }
}
