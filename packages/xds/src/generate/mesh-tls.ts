import { type Mesh, type MtlsMode, MtlsModes, isMeshMtlsEnabled, sniForService } from '@kumiko/api';
import type { TransportSocket } from '../generated/envoy/config/core/v3/base.js';
import {
  type SubjectAltNameMatcher,
  SubjectAltNameMatcher_SanType,
} from '../generated/envoy/extensions/transport_sockets/tls/v3/common.js';
import {
  type CommonTlsContext,
  DownstreamTlsContext,
  UpstreamTlsContext,
} from '../generated/envoy/extensions/transport_sockets/tls/v3/tls.js';
import { packAny } from '../envoy/any-packer.js';
import { adsConfigSource } from '../envoy/envoy-config-blocks.js';
import { identityCertSecretName, meshCaSecretName } from '../envoy/envoy-names.js';

/** The ALPN Kuma's sidecars offer to each other (`xds_tls.KumaALPNProtocols`). */
export const KUMA_ALPN = 'kuma';

/** The name of Envoy's (and gRPC's) TLS transport socket. */
export const TLS_TRANSPORT_SOCKET = 'envoy.transport_sockets.tls';

/** The mode of the mesh's enabled CA backend, or `undefined` when mTLS is off. */
export function meshMtlsMode(mesh: Mesh): MtlsMode | undefined {
  if (!isMeshMtlsEnabled(mesh)) return undefined;
  const backend = mesh.mtls?.backends.find((b) => b.name === mesh.mtls?.enabledBackend);
  return backend?.mode ?? MtlsModes.STRICT;
}

/**
 * Kuma's `createCommonTlsContext`: the identity certificate and the mesh CA both come over SDS on
 * the ADS stream (the secrets themselves are served separately), peers are checked by SPIFFE SAN.
 */
function meshCommonTlsContext(mesh: string, san: SubjectAltNameMatcher): CommonTlsContext {
  return {
    tls_certificate_sds_secret_configs: [{ name: identityCertSecretName(mesh), sds_config: adsConfigSource() }],
    validation_context_type: {
      $case: 'combined_validation_context',
      combined_validation_context: {
        default_validation_context: { match_typed_subject_alt_names: [san] },
        validation_context_sds_secret_config: { name: meshCaSecretName(mesh), sds_config: adsConfigSource() },
      },
    },
  };
}

/**
 * Client side of mesh mTLS toward `service` (Kuma's `ClientSideMTLS`): SNI `<service>{mesh=<mesh>}`,
 * ALPN `kuma`, the peer must present `spiffe://<mesh>/<service>`.
 */
export function upstreamMeshTls(mesh: string, service: string): TransportSocket {
  const san = {
    san_type: SubjectAltNameMatcher_SanType.URI,
    matcher: { match_pattern: { $case: 'exact' as const, exact: `spiffe://${mesh}/${service}` } },
  };
  const context = { ...meshCommonTlsContext(mesh, san), alpn_protocols: [KUMA_ALPN] };
  return {
    name: TLS_TRANSPORT_SOCKET,
    config_type: {
      $case: 'typed_config',
      typed_config: packAny(UpstreamTlsContext, { common_tls_context: context, sni: sniForService(service, mesh) }),
    },
  };
}

/** Server side of mesh mTLS (Kuma's `ServerSideMTLS`): a client certificate of any service of the mesh. */
export function downstreamMeshTls(mesh: string): TransportSocket {
  const san = {
    san_type: SubjectAltNameMatcher_SanType.URI,
    matcher: { match_pattern: { $case: 'prefix' as const, prefix: `spiffe://${mesh}/` } },
  };
  return {
    name: TLS_TRANSPORT_SOCKET,
    config_type: {
      $case: 'typed_config',
      typed_config: packAny(DownstreamTlsContext, {
        common_tls_context: meshCommonTlsContext(mesh, san),
        require_client_certificate: true,
      }),
    },
  };
}
