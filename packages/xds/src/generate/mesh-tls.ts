import { type Mesh, type MtlsMode, MtlsModes, isMeshMtlsEnabled, isServiceTlsReady, sniForService } from '@kumiko/api';
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
import type { MeshView } from './mesh-view.js';
import type { GeneratorContext } from './shared-resource-cache.js';

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
 * Whether a client of `mesh` sends mesh mTLS to `service` (Kuma's client side of the modes): never with mTLS off,
 * always in STRICT, and in PERMISSIVE only once the service is TLS ready ({@link isServiceTlsReady} over the view's
 * counts), so turning mTLS on in PERMISSIVE keeps plaintext calls working while certificates are handed out.
 *
 * The counts are this zone's Dataplanes (Kuma reads the global's ServiceInsight, which also counts other zones'; the
 * GLOBAL stream does not carry ServiceInsights yet). A service with no Dataplane in this zone is reached only
 * through other zones' ingresses, which pass nothing but mesh mTLS, so it is sent mTLS.
 */
export function upstreamTlsReady(view: MeshView, mesh: string, service: string): boolean {
  const meshResource = view.meshes.get(mesh);
  const mode = meshResource === undefined ? undefined : meshMtlsMode(meshResource);
  if (mode === undefined || meshResource === undefined) return false;
  if (mode !== MtlsModes.PERMISSIVE) return true;
  const facts = view.serviceInsights.get(mesh)?.get(service);
  return facts === undefined || isServiceTlsReady(facts, meshResource.mtls?.enabledBackend ?? '');
}

/**
 * What {@link upstreamTlsReady} reads for `mesh`, as one string per view (`-` unless the mesh is PERMISSIVE): part of
 * a sidecar's input hash, so a service becoming TLS ready regenerates the mesh's proxies. It happens once per
 * service each time mTLS is turned on, so the coarse grain costs little.
 */
export function meshTlsReadinessFingerprint(ctx: GeneratorContext, mesh: string): string {
  return ctx.memo(`meshTlsReadinessFingerprint:${mesh}`, () => {
    const meshResource = ctx.view.meshes.get(mesh);
    if (meshResource === undefined || meshMtlsMode(meshResource) !== MtlsModes.PERMISSIVE) return '-';
    const services = ctx.view.serviceInsights.get(mesh) ?? new Map();
    return [...services.keys()]
      .sort()
      .map((service) => `${service}=${upstreamTlsReady(ctx.view, mesh, service) ? 1 : 0}`)
      .join(',');
  });
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
