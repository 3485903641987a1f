import { protoMessage, protoUint64 } from '../decoding/proto-json.js';

/**
 * xDS / KDS response counters (`DiscoveryServiceStats`, `KDSServiceStats`). `uint64` in the proto,
 * so JSON carries them as decimal strings (`"22"`); they decode to strings, `"0"` when absent.
 */
export interface DiscoveryServiceStats {
  readonly responsesSent: string;
  readonly responsesAcknowledged: string;
  readonly responsesRejected: string;
}

const discoveryServiceStatsShape = {
  responsesSent: protoUint64,
  responsesAcknowledged: protoUint64,
  responsesRejected: protoUint64,
};

/** A stats message field (absent → `undefined`). */
export const discoveryServiceStatsSchema = protoMessage(discoveryServiceStatsShape);
