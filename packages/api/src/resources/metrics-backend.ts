import { protoMessage, protoObject, protoString, protoStruct } from '../decoding/proto-json.js';

/** `MetricsBackend` (`api/mesh/v1alpha1/metrics.proto`), used by Dataplane and Mesh. */
export interface MetricsBackend {
  readonly name: string;
  /** Kuma ships `prometheus` only; the validator checks it. */
  readonly type: string;
  /** Backend-specific configuration (`google.protobuf.Struct`), parsed by the validator. */
  readonly conf?: Readonly<Record<string, unknown>>;
}

const metricsBackendShape = { name: protoString, type: protoString, conf: protoStruct };

/** A `MetricsBackend` message field (absent → `undefined`). */
export const metricsBackendSchema = protoMessage(metricsBackendShape);

/** A `MetricsBackend` list element. */
export const metricsBackendElementSchema = protoObject(metricsBackendShape);
