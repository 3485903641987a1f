import { Metadata } from '@grpc/grpc-js';

/** The part of an Envoy bootstrap that says what each ADS stream carries. */
export interface BootstrapAdsConfig {
  readonly dynamic_resources?: {
    readonly ads_config?: { readonly grpc_services?: readonly { readonly initial_metadata?: readonly HeaderValue[] }[] };
  };
}

/** Envoy's `HeaderValue`: a key and its text value. */
interface HeaderValue {
  readonly key: string;
  readonly value?: string;
}

/**
 * What Envoy sends on every ADS stream it opens: the `initial_metadata` of the bootstrap's first ADS gRPC service
 * (the zone CP puts `authorization: <token>` there). Empty when the bootstrap names none. A fresh object each call.
 */
export function adsInitialMetadata(bootstrap: BootstrapAdsConfig): Metadata {
  const metadata = new Metadata();
  for (const header of bootstrap.dynamic_resources?.ads_config?.grpc_services?.[0]?.initial_metadata ?? [])
    metadata.add(header.key.toLowerCase(), header.value ?? '');
  return metadata;
}
