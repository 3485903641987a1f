import { type Client, Metadata, Server, ServerCredentials, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';

/** Test support: a real gRPC backend that answers with its own name, and a client call for it. */
export const SAY_HELLO = '/kumiko.test.Greeter/SayHello';
const text = (s: string): Buffer => Buffer.from(s);
const fromText = (b: Buffer): string => b.toString();

/** A Greeter-like service with a hand-written definition: string in, string out. */
export const greeterService = {
  SayHello: {
    path: SAY_HELLO,
    requestStream: false,
    responseStream: false,
    requestSerialize: text,
    requestDeserialize: fromText,
    responseSerialize: text,
    responseDeserialize: fromText,
  },
} satisfies ServiceDefinition;

export interface GreeterBackend {
  readonly name: string;
  readonly port: number;
  readonly server: Server;
}

/** A backend on 127.0.0.1:0 answering with `name`; plaintext unless `credentials` say otherwise (mutual TLS …). */
export async function startGreeterBackend(
  name: string,
  credentials: ServerCredentials = ServerCredentials.createInsecure(),
): Promise<GreeterBackend> {
  const server = new Server();
  server.addService(greeterService, { SayHello: (_call: unknown, callback: (error: null, reply: string) => void) => callback(null, name) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { name, port, server };
}

/**
 * One unary RPC with a 5 s deadline; with `waitForReady` it waits for a ready connection within that deadline instead
 * of failing at once while none is. Resolves to the name of the backend that answered.
 */
export function sayHello(client: Client, options: { readonly waitForReady?: boolean } = {}): Promise<string> {
  const metadata = new Metadata();
  if (options.waitForReady === true) metadata.setOptions({ waitForReady: true });
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      SAY_HELLO,
      text,
      fromText,
      'hi',
      metadata,
      { deadline: Date.now() + 5_000 },
      (error: ServiceError | null, reply?: string) => (error ? reject(error) : resolve(reply ?? '')),
    ),
  );
}
