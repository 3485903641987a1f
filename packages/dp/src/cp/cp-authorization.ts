import { Metadata } from '@grpc/grpc-js';

/**
 * The gRPC metadata key (an HTTP/2 header) that carries the proxy's token to the CP, as Kuma's Envoy bootstrap puts
 * it in the ADS service's `initial_metadata`: the raw JWT, no `Bearer ` scheme.
 */
export const AUTHORIZATION_KEY = 'authorization';

/**
 * The metadata of one ADS call kumiko-dp opens to the CP: `authorization: <jwt>` when there is a token, otherwise
 * empty. A fresh object each time: the caller may add to it.
 */
export function cpCallMetadata(token: string | undefined): Metadata {
  const metadata = new Metadata();
  if (token !== undefined) metadata.set(AUTHORIZATION_KEY, token);
  return metadata;
}

/** The same token as HTTP headers, for the DP server's plain HTTP endpoints (`GET /dns`). */
export function cpHttpAuthorization(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { [AUTHORIZATION_KEY]: token };
}
