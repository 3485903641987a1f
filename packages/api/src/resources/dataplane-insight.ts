/**
 * DataplaneInsight (`api/mesh/v1alpha1/dataplane_insight.proto`): the observed state of a Dataplane's
 * xDS connections. Same name and mesh as its Dataplane; written by the control plane only.
 */
import type { z } from 'zod';
import {
  protoBool,
  protoList,
  protoMessage,
  protoObject,
  protoString,
  protoStringList,
  protoStringMap,
  protoStruct,
  protoTimestamp,
  protoUint32,
} from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import { type DiscoveryServiceStats, discoveryServiceStatsSchema } from './discovery-service-stats.js';
import { type MeshResourceMeta, type StringMap, meshMetaShape } from './resource-envelope.js';

export interface DiscoverySubscriptionStatus {
  readonly lastUpdateTime?: string;
  readonly total?: DiscoveryServiceStats;
  readonly cds?: DiscoveryServiceStats;
  readonly eds?: DiscoveryServiceStats;
  readonly lds?: DiscoveryServiceStats;
  readonly rds?: DiscoveryServiceStats;
}

export interface DataplaneVersion {
  readonly kumaDp?: {
    readonly version: string;
    readonly gitTag: string;
    readonly gitCommit: string;
    readonly buildDate: string;
    readonly kumaCpCompatible: boolean;
  };
  readonly envoy?: { readonly version: string; readonly build: string; readonly kumaDpCompatible: boolean };
  readonly dependencies: StringMap;
}

/** One ADS stream of the proxy. Online = `connectTime` set and no `disconnectTime`. */
export interface DiscoverySubscription {
  readonly id: string;
  readonly controlPlaneInstanceId: string;
  readonly connectTime?: string;
  readonly disconnectTime?: string;
  readonly status?: DiscoverySubscriptionStatus;
  readonly version?: DataplaneVersion;
  /** Bumped by the status sink on every flush. */
  readonly generation: number;
}

export interface DataplaneInsightMtls {
  readonly certificateExpirationTime?: string;
  readonly lastCertificateRegeneration?: string;
  readonly certificateRegenerations: number;
  readonly issuedBackend: string;
  readonly supportedBackends: readonly string[];
}

export interface DataplaneInsight extends MeshResourceMeta<'DataplaneInsight'> {
  readonly subscriptions: readonly DiscoverySubscription[];
  /** JSON name `mTLS`, as in Kuma. */
  readonly mTLS?: DataplaneInsightMtls;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

const discoverySubscriptionSchema = protoObject({
  id: protoString,
  controlPlaneInstanceId: protoString,
  connectTime: protoTimestamp,
  disconnectTime: protoTimestamp,
  status: protoMessage({
    lastUpdateTime: protoTimestamp,
    total: discoveryServiceStatsSchema,
    cds: discoveryServiceStatsSchema,
    eds: discoveryServiceStatsSchema,
    lds: discoveryServiceStatsSchema,
    rds: discoveryServiceStatsSchema,
  }),
  version: protoMessage({
    kumaDp: protoMessage({
      version: protoString,
      gitTag: protoString,
      gitCommit: protoString,
      buildDate: protoString,
      kumaCpCompatible: protoBool,
    }),
    envoy: protoMessage({ version: protoString, build: protoString, kumaDpCompatible: protoBool }),
    dependencies: protoStringMap,
  }),
  generation: protoUint32,
});

/** zod schema of a whole DataplaneInsight resource. */
export const dataplaneInsightSchema: z.ZodType<DataplaneInsight> = protoObject({
  ...meshMetaShape('DataplaneInsight'),
  subscriptions: protoList(discoverySubscriptionSchema),
  mTLS: protoMessage({
    certificateExpirationTime: protoTimestamp,
    lastCertificateRegeneration: protoTimestamp,
    certificateRegenerations: protoUint32,
    issuedBackend: protoString,
    supportedBackends: protoStringList,
  }),
  metadata: protoStruct,
});

/** Decodes a DataplaneInsight; never throws on bad input. */
export const decodeDataplaneInsight = createDecoder(dataplaneInsightSchema);
