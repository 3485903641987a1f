/**
 * Dataplane (`api/mesh/v1alpha1/dataplane.proto`, Kuma v2.13): a sidecar or gateway proxy and the
 * services behind it. Field comments give what an absent field decodes to.
 */
import type { z } from 'zod';
import {
  protoEnum,
  protoList,
  protoMessage,
  protoObject,
  protoString,
  protoStringList,
  protoStringMap,
  protoUint32,
  protoBool,
  protoDuration,
  uint32Value,
  withProtoNames,
} from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import { type EnvoyAdmin, envoyAdminSchema } from './envoy-admin.js';
import type { Duration } from './go-duration.js';
import { type MetricsBackend, metricsBackendSchema } from './metrics-backend.js';
import { type MeshResourceMeta, type StringMap, meshMetaShape } from './resource-envelope.js';

/** `Inbound.State`: `Ready` (0, the default), `NotReady`, `Ignored`. */
export const InboundStates = { Ready: 'Ready', NotReady: 'NotReady', Ignored: 'Ignored' } as const;
export type InboundState = (typeof InboundStates)[keyof typeof InboundStates];

/** `Gateway.GatewayType`: `DELEGATED` (0, the default) or `BUILTIN`. */
export const GatewayTypes = { DELEGATED: 'DELEGATED', BUILTIN: 'BUILTIN' } as const;
export type GatewayType = (typeof GatewayTypes)[keyof typeof GatewayTypes];

/** `TransparentProxying.IpFamilyMode`: `UnSpecified` (0, the default), `DualStack`, `IPv4`, `IPv6`. */
export const IpFamilyModes = { UnSpecified: 'UnSpecified', DualStack: 'DualStack', IPv4: 'IPv4', IPv6: 'IPv6' } as const;
export type IpFamilyMode = (typeof IpFamilyModes)[keyof typeof IpFamilyModes];

/** `EnvoyConfiguration.XdsTransportProtocolVariant`: `DEFAULT` (0), `DELTA_GRPC`, `GRPC`. */
export const XdsTransportProtocolVariants = { DEFAULT: 'DEFAULT', DELTA_GRPC: 'DELTA_GRPC', GRPC: 'GRPC' } as const;
export type XdsTransportProtocolVariant = (typeof XdsTransportProtocolVariants)[keyof typeof XdsTransportProtocolVariants];

export interface DataplaneInboundHealth {
  /** `false` when absent. */
  readonly ready: boolean;
}

/** `ServiceProbe`: durations and thresholds are `undefined` when unset (proto message / wrapper fields). */
export interface DataplaneServiceProbe {
  readonly interval?: Duration;
  readonly timeout?: Duration;
  /** `google.protobuf.UInt32Value`: an explicit `0` stays `0`. */
  readonly unhealthyThreshold?: number;
  readonly healthyThreshold?: number;
  /** Present (even as `{}`) means a TCP check. */
  readonly tcp?: Readonly<Record<string, never>>;
}

export interface DataplaneInbound {
  /** `0` when absent. */
  readonly port: number;
  /** `0` when absent (Kuma then uses `port`). */
  readonly servicePort: number;
  /** `""` when absent (Kuma then uses the listener address). */
  readonly serviceAddress: string;
  /** `""` when absent (Kuma then uses `networking.address`). */
  readonly address: string;
  readonly tags: StringMap;
  /** `undefined` = healthy (nil in Kuma). */
  readonly health?: DataplaneInboundHealth;
  readonly serviceProbe?: DataplaneServiceProbe;
  /** `Ready` when absent. */
  readonly state: InboundState;
  /** Section name used by MeshService; `""` when absent. */
  readonly name: string;
}

export interface DataplaneBackendRef {
  /** `MeshService`, `MeshExternalService` or `MeshMultiZoneService` (checked by the validator). */
  readonly kind: string;
  readonly name: string;
  readonly port: number;
  readonly labels: StringMap;
}

export interface DataplaneOutbound {
  /** `""` when absent (Kuma then uses `127.0.0.1`). */
  readonly address: string;
  readonly port: number;
  /** Legacy form (`kuma.io/service`); `{}` when absent. */
  readonly tags: StringMap;
  /** New form; present (even `{}`) or `undefined`. */
  readonly backendRef?: DataplaneBackendRef;
}

export interface DataplaneGateway {
  readonly tags: StringMap;
  /** `DELEGATED` when absent. */
  readonly type: GatewayType;
}

export interface DataplaneReachableBackendRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** `google.protobuf.UInt32Value`. */
  readonly port?: number;
  readonly labels: StringMap;
}

export interface DataplaneReachableBackends {
  readonly refs: readonly DataplaneReachableBackendRef[];
}

export interface DataplaneTransparentProxying {
  readonly redirectPortInbound: number;
  readonly redirectPortOutbound: number;
  readonly directAccessServices: readonly string[];
  readonly reachableServices: readonly string[];
  /** `UnSpecified` when absent. */
  readonly ipFamilyMode: IpFamilyMode;
  readonly reachableBackends?: DataplaneReachableBackends;
}

export interface DataplaneNetworking {
  /** `""` when absent (the validator reports it). */
  readonly address: string;
  readonly advertisedAddress: string;
  readonly inbound: readonly DataplaneInbound[];
  readonly outbound: readonly DataplaneOutbound[];
  readonly gateway?: DataplaneGateway;
  readonly transparentProxying?: DataplaneTransparentProxying;
  readonly admin?: EnvoyAdmin;
}

export interface DataplaneProbeEndpoint {
  readonly inboundPort: number;
  readonly inboundPath: string;
  readonly path: string;
}

export interface DataplaneProbes {
  readonly port: number;
  readonly endpoints: readonly DataplaneProbeEndpoint[];
}

export interface DataplaneEnvoyConfiguration {
  /** `DEFAULT` when absent. */
  readonly xdsTransportProtocolVariant: XdsTransportProtocolVariant;
}

export interface Dataplane extends MeshResourceMeta<'Dataplane'> {
  /** `undefined` when absent (the validator reports `networking: must be defined`). */
  readonly networking?: DataplaneNetworking;
  readonly metrics?: MetricsBackend;
  readonly probes?: DataplaneProbes;
  readonly envoy?: DataplaneEnvoyConfiguration;
}

const serviceProbeSchema = withProtoNames(
  { unhealthy_threshold: 'unhealthyThreshold', healthy_threshold: 'healthyThreshold' },
  protoMessage({
    interval: protoDuration,
    timeout: protoDuration,
    unhealthyThreshold: uint32Value,
    healthyThreshold: uint32Value,
    tcp: protoMessage({}),
  }),
);

const inboundSchema = protoObject({
  port: protoUint32,
  servicePort: protoUint32,
  serviceAddress: protoString,
  address: protoString,
  tags: protoStringMap,
  health: protoMessage({ ready: protoBool }),
  serviceProbe: serviceProbeSchema,
  state: protoEnum(['Ready', 'NotReady', 'Ignored']),
  name: protoString,
});

const outboundSchema = protoObject({
  address: protoString,
  port: protoUint32,
  tags: protoStringMap,
  backendRef: protoMessage({ kind: protoString, name: protoString, port: protoUint32, labels: protoStringMap }),
});

const reachableBackendRefSchema = protoObject({
  kind: protoString,
  name: protoString,
  namespace: protoString,
  port: uint32Value,
  labels: protoStringMap,
});

const transparentProxyingSchema = withProtoNames(
  {
    redirect_port_inbound: 'redirectPortInbound',
    redirect_port_outbound: 'redirectPortOutbound',
    direct_access_services: 'directAccessServices',
    reachable_services: 'reachableServices',
    ip_family_mode: 'ipFamilyMode',
    reachable_backends: 'reachableBackends',
  },
  protoMessage({
    redirectPortInbound: protoUint32,
    redirectPortOutbound: protoUint32,
    directAccessServices: protoStringList,
    reachableServices: protoStringList,
    ipFamilyMode: protoEnum(['UnSpecified', 'DualStack', 'IPv4', 'IPv6']),
    reachableBackends: protoMessage({ refs: protoList(reachableBackendRefSchema) }),
  }),
);

const networkingSchema = withProtoNames(
  { transparent_proxying: 'transparentProxying' },
  protoMessage({
    address: protoString,
    advertisedAddress: protoString,
    inbound: protoList(inboundSchema),
    outbound: protoList(outboundSchema),
    gateway: protoMessage({ tags: protoStringMap, type: protoEnum(['DELEGATED', 'BUILTIN']) }),
    transparentProxying: transparentProxyingSchema,
    admin: envoyAdminSchema,
  }),
);

const probesSchema = protoMessage({
  port: protoUint32,
  endpoints: protoList(
    withProtoNames(
      { inbound_port: 'inboundPort', inbound_path: 'inboundPath' },
      protoObject({ inboundPort: protoUint32, inboundPath: protoString, path: protoString }),
    ),
  ),
});

const envoySchema = withProtoNames(
  { xds_transport_protocol_variant: 'xdsTransportProtocolVariant' },
  protoMessage({ xdsTransportProtocolVariant: protoEnum(['DEFAULT', 'DELTA_GRPC', 'GRPC']) }),
);

/** zod schema of a whole Dataplane resource (envelope + spec). */
export const dataplaneSchema: z.ZodType<Dataplane> = protoObject({
  ...meshMetaShape('Dataplane'),
  networking: networkingSchema,
  metrics: metricsBackendSchema,
  probes: probesSchema,
  envoy: envoySchema,
});

/** Decodes a Dataplane (universal YAML / REST JSON, already parsed); never throws on bad input. */
export const decodeDataplane = createDecoder(dataplaneSchema);
