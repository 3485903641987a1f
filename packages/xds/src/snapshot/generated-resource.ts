import { Cluster } from '../generated/envoy/config/cluster/v3/cluster.js';
import { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import { Secret } from '../generated/envoy/extensions/transport_sockets/tls/v3/secret.js';
import { TypeUrls } from './xds-snapshot.js';

/**
 * One Envoy resource as a generator produced it. The message is never mutated after creation:
 * the same object may be shared by many proxies' snapshots, and its encoding and references are
 * memoised by object identity.
 */
export type GeneratedResource =
  | { readonly typeUrl: typeof TypeUrls.Listener; readonly name: string; readonly message: Listener }
  | { readonly typeUrl: typeof TypeUrls.RouteConfiguration; readonly name: string; readonly message: RouteConfiguration }
  | { readonly typeUrl: typeof TypeUrls.Cluster; readonly name: string; readonly message: Cluster }
  | {
      readonly typeUrl: typeof TypeUrls.ClusterLoadAssignment;
      readonly name: string;
      readonly message: ClusterLoadAssignment;
    }
  | { readonly typeUrl: typeof TypeUrls.Secret; readonly name: string; readonly message: Secret };

/** The resource types generators emit (secrets come from the zone's identity certificates). */
export type GeneratedTypeUrl = GeneratedResource['typeUrl'];

export function listenerResource(message: Listener & { readonly name: string }): GeneratedResource {
  return { typeUrl: TypeUrls.Listener, name: message.name, message };
}

export function routeResource(message: RouteConfiguration & { readonly name: string }): GeneratedResource {
  return { typeUrl: TypeUrls.RouteConfiguration, name: message.name, message };
}

export function clusterResource(message: Cluster & { readonly name: string }): GeneratedResource {
  return { typeUrl: TypeUrls.Cluster, name: message.name, message };
}

export function loadAssignmentResource(message: ClusterLoadAssignment & { readonly cluster_name: string }): GeneratedResource {
  return { typeUrl: TypeUrls.ClusterLoadAssignment, name: message.cluster_name, message };
}

export function secretResource(message: Secret & { readonly name: string }): GeneratedResource {
  return { typeUrl: TypeUrls.Secret, name: message.name, message };
}

/** Protobuf encoding of a resource's message (not wrapped in Any). */
export function encodeMessage(resource: GeneratedResource): Uint8Array {
  switch (resource.typeUrl) {
    case TypeUrls.Listener:
      return Listener.encode(resource.message).finish();
    case TypeUrls.RouteConfiguration:
      return RouteConfiguration.encode(resource.message).finish();
    case TypeUrls.Cluster:
      return Cluster.encode(resource.message).finish();
    case TypeUrls.ClusterLoadAssignment:
      return ClusterLoadAssignment.encode(resource.message).finish();
    case TypeUrls.Secret:
      return Secret.encode(resource.message).finish();
  }
}

/** What Envoy's config dump shows of a private key: the bytes of `[redacted]`. */
const REDACTED = Buffer.from('[redacted]');

/** A Secret as dumps show it: its private key replaced by `[redacted]`, as Envoy's own config dump does. */
function redactedSecret(secret: Secret): Secret {
  if (secret.type?.$case !== 'tls_certificate' || secret.type.tls_certificate.private_key === undefined) return secret;
  const tls = { ...secret.type.tls_certificate, private_key: { specifier: { $case: 'inline_bytes' as const, inline_bytes: REDACTED } } };
  return { ...secret, type: { $case: 'tls_certificate', tls_certificate: tls } };
}

/** Proto3 JSON of a resource's message (Any expanded with `@type`), as Envoy's config dump shows it; private keys redacted. */
export function messageToJson(resource: GeneratedResource): unknown {
  switch (resource.typeUrl) {
    case TypeUrls.Listener:
      return Listener.toJSON(resource.message);
    case TypeUrls.RouteConfiguration:
      return RouteConfiguration.toJSON(resource.message);
    case TypeUrls.Cluster:
      return Cluster.toJSON(resource.message);
    case TypeUrls.ClusterLoadAssignment:
      return ClusterLoadAssignment.toJSON(resource.message);
    case TypeUrls.Secret:
      return Secret.toJSON(redactedSecret(resource.message));
  }
}
