/**
 * Mesh (`api/mesh/v1alpha1/mesh.proto`, Kuma v2.13). Global-scoped: the envelope has no `mesh`.
 * Backend configurations (`conf`) stay untyped JSON objects; the plugins that use them parse them.
 */
import type { z } from 'zod';
import {
  boolValue,
  doubleValue,
  protoBool,
  protoDuration,
  protoEnum,
  protoList,
  protoMessage,
  protoObject,
  protoString,
  protoStringList,
  protoStringMap,
  protoStruct,
} from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import type { Duration } from './go-duration.js';
import { type MetricsBackend, metricsBackendElementSchema } from './metrics-backend.js';
import { type GlobalResourceMeta, type StringMap, globalMetaShape } from './resource-envelope.js';

/** `MeshServices.Mode`: `Disabled` (0, the default), `Everywhere`, `ReachableBackends`, `Exclusive`. */
export const MeshServicesModes = {
  Disabled: 'Disabled',
  Everywhere: 'Everywhere',
  ReachableBackends: 'ReachableBackends',
  Exclusive: 'Exclusive',
} as const;
export type MeshServicesMode = (typeof MeshServicesModes)[keyof typeof MeshServicesModes];

/** `CertificateAuthorityBackend.Mode`: `STRICT` (0, the default) or `PERMISSIVE`. */
export const MtlsModes = { STRICT: 'STRICT', PERMISSIVE: 'PERMISSIVE' } as const;
export type MtlsMode = (typeof MtlsModes)[keyof typeof MtlsModes];

export interface CertificateAuthorityBackend {
  readonly name: string;
  /** `builtin` or `provided` (or a plugin's type). */
  readonly type: string;
  readonly dpCert?: {
    readonly rotation?: { readonly expiration: string };
    readonly requestTimeout?: Duration;
  };
  readonly conf?: Readonly<Record<string, unknown>>;
  readonly mode: MtlsMode;
  readonly rootChain?: { readonly requestTimeout?: Duration };
}

export interface MeshMtls {
  /** `""` = mTLS off. */
  readonly enabledBackend: string;
  readonly backends: readonly CertificateAuthorityBackend[];
  readonly skipValidation: boolean;
}

export interface TracingBackend {
  readonly name: string;
  /** `google.protobuf.DoubleValue`, percent; unset means 100. */
  readonly sampling?: number;
  readonly type: string;
  readonly conf?: Readonly<Record<string, unknown>>;
}

export interface LoggingBackend {
  readonly name: string;
  readonly format: string;
  readonly type: string;
  readonly conf?: Readonly<Record<string, unknown>>;
}

export interface MeshRouting {
  readonly localityAwareLoadBalancing: boolean;
  /** Send cross-zone and external traffic through the local ZoneEgress (requires mTLS). */
  readonly zoneEgress: boolean;
  readonly defaultForbidMeshExternalServiceAccess: boolean;
}

export interface MeshTagRule {
  readonly tags: StringMap;
}

export interface Mesh extends GlobalResourceMeta<'Mesh'> {
  readonly mtls?: MeshMtls;
  readonly tracing?: { readonly defaultBackend: string; readonly backends: readonly TracingBackend[] };
  readonly logging?: { readonly defaultBackend: string; readonly backends: readonly LoggingBackend[] };
  readonly metrics?: { readonly enabledBackend: string; readonly backends: readonly MetricsBackend[] };
  /** `passthrough` is a `BoolValue`: unset means on. */
  readonly networking?: { readonly outbound?: { readonly passthrough?: boolean } };
  readonly routing?: MeshRouting;
  readonly constraints?: {
    readonly dataplaneProxy?: {
      readonly requirements: readonly MeshTagRule[];
      readonly restrictions: readonly MeshTagRule[];
    };
  };
  /** Policy type names, or `"*"`, not to create with the mesh. */
  readonly skipCreatingInitialPolicies: readonly string[];
  /** `mode` is `Disabled` when absent. */
  readonly meshServices?: { readonly mode: MeshServicesMode };
}

/** True when the mesh has an enabled mTLS backend (cross-zone traffic needs it). */
export function isMeshMtlsEnabled(mesh: Mesh): boolean {
  return (mesh.mtls?.enabledBackend ?? '') !== '';
}

const certificateAuthorityBackendSchema = protoObject({
  name: protoString,
  type: protoString,
  dpCert: protoMessage({
    rotation: protoMessage({ expiration: protoString }),
    requestTimeout: protoDuration,
  }),
  conf: protoStruct,
  mode: protoEnum(['STRICT', 'PERMISSIVE']),
  rootChain: protoMessage({ requestTimeout: protoDuration }),
});

const tagRuleSchema = protoObject({ tags: protoStringMap });

/** zod schema of a whole Mesh resource. */
export const meshSchema: z.ZodType<Mesh> = protoObject({
  ...globalMetaShape('Mesh'),
  mtls: protoMessage({
    enabledBackend: protoString,
    backends: protoList(certificateAuthorityBackendSchema),
    skipValidation: protoBool,
  }),
  tracing: protoMessage({
    defaultBackend: protoString,
    backends: protoList(protoObject({ name: protoString, sampling: doubleValue, type: protoString, conf: protoStruct })),
  }),
  logging: protoMessage({
    defaultBackend: protoString,
    backends: protoList(protoObject({ name: protoString, format: protoString, type: protoString, conf: protoStruct })),
  }),
  metrics: protoMessage({ enabledBackend: protoString, backends: protoList(metricsBackendElementSchema) }),
  networking: protoMessage({ outbound: protoMessage({ passthrough: boolValue }) }),
  routing: protoMessage({
    localityAwareLoadBalancing: protoBool,
    zoneEgress: protoBool,
    defaultForbidMeshExternalServiceAccess: protoBool,
  }),
  constraints: protoMessage({
    dataplaneProxy: protoMessage({ requirements: protoList(tagRuleSchema), restrictions: protoList(tagRuleSchema) }),
  }),
  skipCreatingInitialPolicies: protoStringList,
  meshServices: protoMessage({ mode: protoEnum(['Disabled', 'Everywhere', 'ReachableBackends', 'Exclusive']) }),
});

/** Decodes a Mesh; never throws on bad input. */
export const decodeMesh = createDecoder(meshSchema);
