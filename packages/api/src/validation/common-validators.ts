import type { Duration } from '../resources/go-duration.js';
import type { ViolationSink } from './violation.js';

/** Kuma's `ValidatePort`: 0 or above 65535 → `port must be in the range [1, 65535]`. */
export function validatePort(out: ViolationSink, field: string, port: number): void {
  if (port === 0 || port > 65535) out.push({ field, message: 'port must be in the range [1, 65535]' });
}

/** Kuma's `ValidateThreshold` for a set UInt32Value: 0 → `must have a positive value`. */
export function validateThreshold(out: ViolationSink, field: string, threshold: number): void {
  if (threshold === 0) out.push({ field, message: 'must have a positive value' });
}

const MAX_DURATION_SECONDS = 315_576_000_000; // durationpb: 10,000 years

/**
 * Kuma's `ValidateDuration` for a set duration: `durationpb.CheckValid` failing → `must have a valid value`;
 * exactly zero → `must have a positive value`. A negative duration passes, as it does in Kuma (the name
 * promises "positive" but the code only rejects zero).
 */
export function validateDuration(out: ViolationSink, field: string, duration: Duration): void {
  const { seconds, nanos } = duration;
  const valid =
    seconds >= -MAX_DURATION_SECONDS &&
    seconds <= MAX_DURATION_SECONDS &&
    nanos > -1e9 &&
    nanos < 1e9 &&
    !(seconds > 0 && nanos < 0) &&
    !(seconds < 0 && nanos > 0);
  if (!valid) out.push({ field, message: 'must have a valid value' });
  else if (seconds === 0 && nanos === 0) out.push({ field, message: 'must have a positive value' });
}
