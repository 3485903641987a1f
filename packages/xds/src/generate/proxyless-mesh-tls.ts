import { sniForService } from '@kumiko/api';
import type { TransportSocket } from '../generated/envoy/config/core/v3/base.js';
import {
  DownstreamTlsContext,
  UpstreamTlsContext,
  type CommonTlsContext,
} from '../generated/envoy/extensions/transport_sockets/tls/v3/tls.js';
import { packAny } from '../envoy/any-packer.js';
import { TLS_TRANSPORT_SOCKET } from './mesh-tls.js';

/**
 * The certificate-provider instance a proxyless gRPC app's bootstrap names (gRFC A29): kumiko-dp writes its
 * `file_watcher` config, pointing at the proxy's identity certificate, key and mesh CA, which it keeps fresh.
 */
export const PROXYLESS_IDENTITY_PROVIDER = 'kumiko_mesh_identity';

/**
 * The node-metadata key by which a proxyless client says its bootstrap has {@link PROXYLESS_IDENTITY_PROVIDER}
 * (value: that instance name). gRPC sends its bootstrap's `node.metadata` but not its certificate providers.
 */
export const PROXYLESS_IDENTITY_METADATA = 'kumiko.io/certificate-provider-instance';

/**
 * Client side of mesh mTLS for a proxyless gRPC client, in the shape gRPC accepts (it speaks no SDS): the identity
 * and the CA come from the bootstrap's certificate-provider instance; the peer must present
 * `spiffe://<mesh>/<service>` (gRPC's exact SAN matcher compares URI SANs by value). The SNI is Kuma's, so a zone
 * ingress can route it.
 */
export function proxylessUpstreamMeshTls(mesh: string, service: string): TransportSocket {
  const san = { match_pattern: { $case: 'exact' as const, exact: `spiffe://${mesh}/${service}` } };
  return {
    name: TLS_TRANSPORT_SOCKET,
    config_type: {
      $case: 'typed_config',
      typed_config: packAny(UpstreamTlsContext, { common_tls_context: providerTlsContext([san]), sni: sniForService(service, mesh) }),
    },
  };
}

/**
 * Server side of mesh mTLS for a proxyless gRPC server (an `XdsServer`, gRFC A36): its identity and the mesh CA from
 * the certificate-provider instance, and a client certificate required. gRPC matches no SANs on the server side;
 * the CA is the mesh's, so only the mesh's workloads get in. The CA goes in a plain `validation_context` (there are no
 * SANs to combine it with): grpc-js-xds 1.14.1 compares a `combined_validation_context` of a server Listener with
 * the wrong field, so an unchanged Listener would look changed and be swapped, draining its connections.
 */
export function proxylessDownstreamMeshTls(): TransportSocket {
  const common_tls_context: CommonTlsContext = {
    tls_certificate_provider_instance: { instance_name: PROXYLESS_IDENTITY_PROVIDER, certificate_name: 'default' },
    validation_context_type: {
      $case: 'validation_context',
      validation_context: {
        ca_certificate_provider_instance: { instance_name: PROXYLESS_IDENTITY_PROVIDER, certificate_name: 'ROOTCA' },
      },
    },
  };
  return {
    name: TLS_TRANSPORT_SOCKET,
    config_type: {
      $case: 'typed_config',
      typed_config: packAny(DownstreamTlsContext, { common_tls_context, require_client_certificate: true }),
    },
  };
}

function providerTlsContext(sans: readonly { match_pattern: { $case: 'exact'; exact: string } }[]): CommonTlsContext {
  return {
    tls_certificate_provider_instance: { instance_name: PROXYLESS_IDENTITY_PROVIDER, certificate_name: 'default' },
    validation_context_type: {
      $case: 'combined_validation_context',
      combined_validation_context: {
        default_validation_context: {
          ca_certificate_provider_instance: { instance_name: PROXYLESS_IDENTITY_PROVIDER, certificate_name: 'ROOTCA' },
          match_subject_alt_names: [...sans],
        },
      },
    },
  };
}
