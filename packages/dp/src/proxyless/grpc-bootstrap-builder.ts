import { PROXYLESS_IDENTITY_METADATA, PROXYLESS_IDENTITY_PROVIDER } from '@kumiko/xds';
import type { IdentityFilePaths } from './identity-files.js';

/** The file name of the gRPC xDS bootstrap in `--config-dir`: what the app's `GRPC_XDS_BOOTSTRAP` names. */
export const GRPC_BOOTSTRAP_FILE = 'grpc-bootstrap.json';

/** How often gRPC's `file_watcher` re-reads the identity files. Cheap (three small files); well inside any certificate's renewal margin. */
export const DEFAULT_IDENTITY_REFRESH_INTERVAL = '5s';

export interface GrpcBootstrapInput {
  /** kumiko-dp's loopback ADS relay, `host:port` (IPv6 in brackets). */
  readonly adsAddress: string;
  /** `<mesh>.<name>`: the Dataplane's proxy id, as in its Envoy bootstrap. */
  readonly nodeId: string;
  /** Node metadata to carry besides the identity marker (the proxy's registration keys). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The identity files when the mesh has mTLS; `undefined`: no certificate provider. */
  readonly identity: IdentityFilePaths | undefined;
  /** Go duration; default {@link DEFAULT_IDENTITY_REFRESH_INTERVAL}. */
  readonly refreshInterval?: string;
}

/**
 * The gRPC xDS bootstrap (gRFC A27) of a proxyless app beside kumiko-dp:
 * - `xds_servers`: the loopback relay, plaintext (`insecure`: older gRPC releases know no `tls` channel creds),
 *   xDS v3;
 * - `node`: the Dataplane's id, so the zone serves the app as that Dataplane, with its registration metadata;
 * - with an identity (an mTLS mesh): `certificate_providers` holding the `file_watcher` instance
 *   `kumiko_mesh_identity` (gRFC A29) and the node metadata that says the app holds it, which is what makes the
 *   zone put certificate-provider TLS contexts in the app's clusters and listeners. The marker goes only with the
 *   provider: a TLS context naming a provider the bootstrap lacks makes gRPC reject the resource;
 * - `server_listener_resource_name_template: '%s'`: an `XdsServer` asks for its listener by `<ip>:<port>` (gRFC A36).
 * Pure; the caller serialises the result.
 */
export function buildGrpcBootstrap(input: GrpcBootstrapInput): Record<string, unknown> {
  const { identity } = input;
  return {
    xds_servers: [{ server_uri: input.adsAddress, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: {
      id: input.nodeId,
      locality: {},
      metadata: { ...input.metadata, ...(identity === undefined ? {} : { [PROXYLESS_IDENTITY_METADATA]: PROXYLESS_IDENTITY_PROVIDER }) },
    },
    ...(identity === undefined
      ? {}
      : {
          certificate_providers: {
            [PROXYLESS_IDENTITY_PROVIDER]: {
              plugin_name: 'file_watcher',
              config: {
                certificate_file: identity.certificateFile,
                private_key_file: identity.privateKeyFile,
                ca_certificate_file: identity.caCertificateFile,
                refresh_interval: input.refreshInterval ?? DEFAULT_IDENTITY_REFRESH_INTERVAL,
              },
            },
          },
        }),
    server_listener_resource_name_template: '%s',
  };
}
