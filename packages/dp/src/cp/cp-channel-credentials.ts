import { type ChannelCredentials, credentials } from '@grpc/grpc-js';

/** How a gRPC channel reaches the CP's ADS: plaintext, or TLS verified against `caPem` (the system roots when absent). */
export type CpTransport = { readonly tls: false } | { readonly tls: true; readonly caPem: string | undefined };

/** The gRPC channel credentials for {@link CpTransport}. */
export function cpChannelCredentials(transport: CpTransport): ChannelCredentials {
  if (!transport.tls) return credentials.createInsecure();
  return credentials.createSsl(transport.caPem === undefined ? null : Buffer.from(transport.caPem));
}

/** The transport `kumiko-dp` uses to the CP's ADS: TLS exactly when the DP server's URL is `https://`. */
export function cpTransportFor(cpAddress: string, caPem: string | undefined): CpTransport {
  return new URL(cpAddress).protocol === 'https:' ? { tls: true, caPem } : { tls: false };
}
