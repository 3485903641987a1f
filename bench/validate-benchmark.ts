/**
 * `pnpm bench validate`: how many resources one thread decodes and validates per second — the work the
 * REST API (and `kumikoctl validate`) does for each Dataplane written. The input is the parsed JSON body
 * (a plain object), so YAML/JSON parsing is not measured; one iteration is `decodeResource(body)` then
 * `validateResource(value)`.
 *
 * Each case warms up, then runs fixed-time rounds; the figures are the best round (least disturbed by
 * the machine) and the median. Goal: ≥ 200,000 validations/s for the typical Dataplane.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type Resource, decodeResource, validateResource } from '@kumiko/api';
import { percentile, type Benchmark, type BenchmarkRow } from './benchmark.js';

const WARMUP_MS = 1_000;
const ROUNDS = 3;
const ROUND_MS = 2_000;
/** Iterations between two clock reads, so reading the clock costs next to nothing. */
const BATCH = 500;

/** A typical sidecar Dataplane: 2 inbounds with 6 tags each, 3 outbounds, an admin port. */
const TYPICAL_DATAPLANE = {
  type: 'Dataplane',
  mesh: 'default',
  name: 'backend-7d9f8c6b5-x2x4k.payments',
  networking: {
    address: '10.244.1.17',
    inbound: [
      {
        port: 8080,
        servicePort: 18080,
        tags: {
          'kuma.io/service': 'backend_payments_svc_8080',
          'kuma.io/protocol': 'http',
          'kuma.io/zone': 'eu-west-1',
          version: 'v1',
          team: 'payments',
          env: 'production',
        },
      },
      {
        port: 9090,
        tags: {
          'kuma.io/service': 'backend-metrics_payments_svc_9090',
          'kuma.io/protocol': 'tcp',
          'kuma.io/zone': 'eu-west-1',
          version: 'v1',
          team: 'payments',
          env: 'production',
        },
      },
    ],
    outbound: [
      { port: 10001, tags: { 'kuma.io/service': 'database_payments_svc_5432' } },
      { port: 10002, tags: { 'kuma.io/service': 'cache_payments_svc_6379' } },
      { port: 10003, tags: { 'kuma.io/service': 'gateway_payments_svc_443' } },
    ],
    admin: { port: 9901 },
  },
};

/**
 * The same shape, broken so that validation takes its slow path and builds messages: an invalid address,
 * a port out of range, a missing service tag, a bad protocol, an outbound without tags.
 */
const INVALID_DATAPLANE = {
  ...TYPICAL_DATAPLANE,
  networking: {
    ...TYPICAL_DATAPLANE.networking,
    address: 'not an address!',
    inbound: [
      { port: 0, tags: { version: 'v1', 'kuma.io/protocol': 'http' } },
      { port: 9090, tags: { 'kuma.io/service': 'backend-metrics', 'kuma.io/protocol': 'thrift' } },
    ],
    outbound: [...TYPICAL_DATAPLANE.networking.outbound, { port: 10004 }],
  },
};

interface Measurement {
  readonly bestOpsPerSec: number;
  readonly medianOpsPerSec: number;
}

/** Runs `operation` for WARMUP_MS, then ROUNDS rounds of ROUND_MS; ops/s of the best and median round. */
function measure(operation: () => number): Measurement {
  let sink = 0;
  const runFor = (ms: number): number => {
    let ops = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < BATCH; i++) sink += operation();
      ops += BATCH;
      elapsed = performance.now() - start;
    }
    return (ops / elapsed) * 1000;
  };
  runFor(WARMUP_MS);
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) rates.push(runFor(ROUND_MS));
  // The sink keeps the results observable, so no call can be optimised away.
  if (sink < 0) throw new Error('unreachable');
  return { bestOpsPerSec: Math.max(...rates), medianOpsPerSec: percentile(rates, 50) };
}

function decoded(body: unknown): Resource {
  const result = decodeResource(body);
  if (!result.ok) throw new Error(`benchmark input does not decode: ${JSON.stringify(result.issues)}`);
  return result.value;
}

function row(name: string, m: Measurement): BenchmarkRow {
  return {
    case: name,
    'best ops/s': Math.round(m.bestOpsPerSec),
    'median ops/s': Math.round(m.medianOpsPerSec),
    'best µs/op': 1e6 / m.bestOpsPerSec,
    'median µs/op': 1e6 / m.medianOpsPerSec,
  };
}

const microseconds = (opsPerSec: number): number => Math.round((1e6 / opsPerSec) * 1000) / 1000;

export const validateBenchmark: Benchmark = {
  name: 'validate',
  description:
    `decode + validate of a parsed Dataplane body (2 inbounds, 3 outbounds, 6 tags per inbound), one thread, ` +
    `${ROUNDS} × ${ROUND_MS / 1000} s rounds after ${WARMUP_MS / 1000} s warm-up; node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`,
  async run() {
    // given: inputs whose outcome is checked once, so the loops measure the intended path
    const typical = decoded(TYPICAL_DATAPLANE);
    if (validateResource(typical).length !== 0) throw new Error('the typical Dataplane must be valid');
    const invalidViolations = validateResource(decoded(INVALID_DATAPLANE)).length;
    if (invalidViolations === 0) throw new Error('the invalid Dataplane must have violations');

    const decode = measure(() => (decodeResource(TYPICAL_DATAPLANE).ok ? 1 : 0));
    const validate = measure(() => validateResource(typical).length);
    const both = measure(() => {
      const result = decodeResource(TYPICAL_DATAPLANE);
      return result.ok ? validateResource(result.value).length : -1;
    });
    const invalid = measure(() => {
      const result = decodeResource(INVALID_DATAPLANE);
      return result.ok ? validateResource(result.value).length : -1;
    });

    return {
      rows: [
        row('decode (valid)', decode),
        row('validate (valid)', validate),
        row('decode+validate (valid)', both),
        row(`decode+validate (invalid, ${invalidViolations} violations)`, invalid),
      ],
      figures: {
        validationsPerSec: Math.round(both.bestOpsPerSec),
        validationsPerSecMedian: Math.round(both.medianOpsPerSec),
        decodeUs: microseconds(decode.bestOpsPerSec),
        validateUs: microseconds(validate.bestOpsPerSec),
        decodeValidateUs: microseconds(both.bestOpsPerSec),
        invalidValidationsPerSec: Math.round(invalid.bestOpsPerSec),
      },
    };
  },
};
