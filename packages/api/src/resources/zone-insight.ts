/**
 * ZoneInsight (`api/system/v1alpha1/zone_insight.proto`): the observed state of a zone CP's KDS
 * connections to the global CP. Global-scoped; written by the global CP only.
 */
import type { z } from 'zod';
import {
  protoBool,
  protoList,
  protoMap,
  protoMessage,
  protoObject,
  protoString,
  protoTimestamp,
  protoUint32,
} from '../decoding/proto-json.js';
import { createDecoder } from '../decoding/schema-decoder.js';
import { type DiscoveryServiceStats, discoveryServiceStatsSchema } from './discovery-service-stats.js';
import { type GlobalResourceMeta, globalMetaShape } from './resource-envelope.js';

export interface KdsSubscriptionStatus {
  readonly lastUpdateTime?: string;
  readonly total?: DiscoveryServiceStats;
  /** Per resource type (`"Dataplane"`, …); a present entry is always a stats object. */
  readonly stat: Readonly<Record<string, DiscoveryServiceStats>>;
}

export interface KumaCpVersion {
  readonly version: string;
  readonly gitTag: string;
  readonly gitCommit: string;
  readonly buildDate: string;
  readonly kumaCpGlobalCompatible: boolean;
}

/** One KDS connection of the zone. Online = `connectTime` set and no `disconnectTime`. */
export interface KdsSubscription {
  readonly id: string;
  readonly globalInstanceId: string;
  readonly zoneInstanceId: string;
  readonly connectTime?: string;
  readonly disconnectTime?: string;
  readonly status?: KdsSubscriptionStatus;
  readonly version?: { readonly kumaCp?: KumaCpVersion };
  readonly generation: number;
  /** The zone CP's configuration, as a JSON string. */
  readonly config: string;
  readonly authTokenProvided: boolean;
}

export interface KdsStream {
  readonly globalInstanceId: string;
  readonly connectTime?: string;
}

export interface ZoneInsight extends GlobalResourceMeta<'ZoneInsight'> {
  readonly subscriptions: readonly KdsSubscription[];
  readonly envoyAdminStreams?: {
    readonly configDumpGlobalInstanceId: string;
    readonly statsGlobalInstanceId: string;
    readonly clustersGlobalInstanceId: string;
  };
  readonly healthCheck?: { readonly time?: string };
  readonly kdsStreams?: {
    readonly globalToZone?: KdsStream;
    readonly zoneToGlobal?: KdsStream;
    readonly clusters?: KdsStream;
    readonly stats?: KdsStream;
    readonly configDump?: KdsStream;
  };
}

const kdsStreamSchema = protoMessage({ globalInstanceId: protoString, connectTime: protoTimestamp });

const kdsSubscriptionSchema = protoObject({
  id: protoString,
  globalInstanceId: protoString,
  zoneInstanceId: protoString,
  connectTime: protoTimestamp,
  disconnectTime: protoTimestamp,
  status: protoMessage({
    lastUpdateTime: protoTimestamp,
    total: discoveryServiceStatsSchema,
    stat: protoMap(
      discoveryServiceStatsSchema.transform(
        (v): DiscoveryServiceStats => v ?? { responsesSent: '0', responsesAcknowledged: '0', responsesRejected: '0' },
      ),
    ),
  }),
  version: protoMessage({
    kumaCp: protoMessage({
      version: protoString,
      gitTag: protoString,
      gitCommit: protoString,
      buildDate: protoString,
      kumaCpGlobalCompatible: protoBool,
    }),
  }),
  generation: protoUint32,
  config: protoString,
  authTokenProvided: protoBool,
});

/** zod schema of a whole ZoneInsight resource. */
export const zoneInsightSchema: z.ZodType<ZoneInsight> = protoObject({
  ...globalMetaShape('ZoneInsight'),
  subscriptions: protoList(kdsSubscriptionSchema),
  envoyAdminStreams: protoMessage({
    configDumpGlobalInstanceId: protoString,
    statsGlobalInstanceId: protoString,
    clustersGlobalInstanceId: protoString,
  }),
  healthCheck: protoMessage({ time: protoTimestamp }),
  kdsStreams: protoMessage({
    globalToZone: kdsStreamSchema,
    zoneToGlobal: kdsStreamSchema,
    clusters: kdsStreamSchema,
    stats: kdsStreamSchema,
    configDump: kdsStreamSchema,
  }),
});

/** Decodes a ZoneInsight; never throws on bad input. */
export const decodeZoneInsight = createDecoder(zoneInsightSchema);
