import { credentials, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';

/** The parts of an Envoy bootstrap that say where ADS is and how Envoy dials it. */
export interface BootstrapAdsCluster {
  readonly static_resources: {
    readonly clusters: readonly {
      readonly name: string;
      readonly load_assignment: {
        readonly endpoints: readonly {
          readonly lb_endpoints: readonly { readonly endpoint: { readonly address: { readonly socket_address: SocketAddress } } }[];
        }[];
      };
      readonly transport_socket?: { readonly typed_config?: { readonly sni?: string } };
    }[];
    readonly secrets?: readonly {
      readonly name: string;
      readonly validation_context?: { readonly trusted_ca?: { readonly inline_bytes?: string } };
    }[];
  };
}

interface SocketAddress {
  readonly address: string;
  readonly port_value: number;
}

/** How to open a gRPC channel to the bootstrap's ADS cluster, as Envoy would. */
export interface AdsChannel {
  /** `host:port` of the ADS cluster's first endpoint. */
  readonly address: string;
  readonly credentials: ChannelCredentials;
  readonly options: ChannelOptions;
}

/**
 * Where and how Envoy reaches ADS from this bootstrap: the `ads_cluster`'s endpoint, over TLS verified against the
 * CA in the static secret its transport socket names (`cp_validation_ctx`) and with its SNI as the name checked
 * against the certificate, when the cluster has a transport socket; in plaintext otherwise.
 */
export function adsChannel(bootstrap: BootstrapAdsCluster): AdsChannel {
  const cluster = bootstrap.static_resources.clusters.find((candidate) => candidate.name === 'ads_cluster');
  const socket = cluster?.load_assignment.endpoints[0]?.lb_endpoints[0]?.endpoint.address.socket_address;
  if (cluster === undefined || socket === undefined) throw new Error('the bootstrap has no ads_cluster');
  const address = `${socket.address}:${socket.port_value}`;
  if (cluster.transport_socket === undefined) return { address, credentials: credentials.createInsecure(), options: {} };
  const caBase64 = bootstrap.static_resources.secrets?.find((secret) => secret.name === 'cp_validation_ctx')?.validation_context?.trusted_ca
    ?.inline_bytes;
  if (caBase64 === undefined) throw new Error('the ads_cluster dials TLS but the bootstrap has no cp_validation_ctx CA');
  const sni = cluster.transport_socket.typed_config?.sni ?? socket.address;
  return {
    address,
    credentials: credentials.createSsl(Buffer.from(caBase64, 'base64')),
    options: { 'grpc.ssl_target_name_override': sni, 'grpc.default_authority': sni },
  };
}
