import {
  type MethodDefinition,
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServiceDefinition,
  status as GrpcStatus,
} from '@grpc/grpc-js';
import { DELTA_ADS_PATH, SOTW_ADS_PATH } from '@kumiko/xds';

/** One ADS stream as the server saw it open. */
export interface RecordedStream {
  readonly path: string;
  /** Every value of the `authorization` metadata key, in order (gRPC allows repeats). */
  readonly authorization: readonly string[];
}

const bytes = (value: Buffer): Buffer => value;
const method = (path: string): MethodDefinition<Buffer, Buffer> => ({
  path,
  requestStream: true,
  responseStream: true,
  requestSerialize: bytes,
  requestDeserialize: bytes,
  responseSerialize: bytes,
  responseDeserialize: bytes,
});

/**
 * A real gRPC server for tests standing in for the CP's ADS endpoint: it answers nothing and records, for each
 * SotW or delta stream that opens, the `authorization` metadata it carried, which is what the CP's authentication
 * reads. Streams stay open until the client cancels them or {@link stop}.
 */
export class MetadataRecordingAdsServer {
  readonly streams: RecordedStream[] = [];
  private readonly server = new Server();
  private readonly open = new Set<ServerDuplexStream<Buffer, Buffer>>();

  constructor() {
    const record = (path: string) => (call: ServerDuplexStream<Buffer, Buffer>) => {
      this.streams.push({ path, authorization: call.metadata.get('authorization').map(String) });
      this.open.add(call);
      call.on('data', () => undefined);
      call.on('cancelled', () => this.open.delete(call));
      call.on('end', () => call.end());
    };
    this.server.addService({ sotw: method(SOTW_ADS_PATH), delta: method(DELTA_ADS_PATH) } satisfies ServiceDefinition, {
      sotw: record(SOTW_ADS_PATH),
      delta: record(DELTA_ADS_PATH),
    });
  }

  /** Listens on a free loopback port; resolves to `127.0.0.1:<port>`. */
  async start(): Promise<string> {
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error === null ? resolve(bound) : reject(error),
      ),
    );
    return `127.0.0.1:${port}`;
  }

  /** Ends every open stream with UNAVAILABLE, as a CP going away does (clients then reconnect). */
  dropStreams(): void {
    for (const call of this.open) call.emit('error', { code: GrpcStatus.UNAVAILABLE, details: 'test CP dropped the stream' });
    this.open.clear();
  }

  /** Polls until `count` streams were recorded (at most `timeoutMs`); returns them. */
  async waitForStreams(count: number, timeoutMs = 10_000): Promise<readonly RecordedStream[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.streams.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} ADS streams, saw ${JSON.stringify(this.streams)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.streams;
  }

  stop(): void {
    this.open.clear();
    this.server.forceShutdown();
  }
}
