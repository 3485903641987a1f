/**
 * A `google.protobuf.Duration` as decoded from Kuma's universal YAML / REST JSON.
 *
 * Kuma unmarshals durations with the legacy `jsonpb`, which reads them with Go's
 * `time.ParseDuration` (not the proto3 `"1.5s"`-only syntax), so `"1m30s"`, `"300ms"` and `"0"`
 * are all accepted. `seconds` and `nanos` carry the same sign, as in the proto.
 */
export interface Duration {
  readonly seconds: number;
  readonly nanos: number;
}

const NANOS_PER_SECOND = 1_000_000_000n;
const MAX_DURATION = 1n << 63n; // |int64| bound Go checks against while accumulating

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n, // U+00B5 micro sign
  '\u03bcs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Parses a Go duration string exactly as Go's `time.ParseDuration` does: an optional sign, then one
 * or more `<decimal><unit>` pairs (units ns, us, µs, ms, s, m, h), or the bare `"0"`. Returns
 * `undefined` when Go would return an error (empty input, missing or unknown unit, overflow).
 */
export function parseGoDuration(text: string): Duration | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return { seconds: 0, nanos: 0 };
  if (s === '') return undefined;

  let total = 0n;
  let i = 0;
  while (i < s.length) {
    if (!(s[i] === '.' || isDigit(s[i]))) return undefined;
    const intStart = i;
    let whole = 0n;
    while (isDigit(s[i])) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > MAX_DURATION) return undefined; // Go: "invalid duration" (leadingInt overflow)
      i++;
    }
    const hasWhole = i > intStart;
    let fraction = 0n;
    let scale = 1;
    let hasFraction = false;
    if (s[i] === '.') {
      i++;
      const fracStart = i;
      let overflowed = false;
      while (isDigit(s[i])) {
        // Go's leadingFraction stops accumulating (but keeps consuming) once more digits would overflow.
        if (!overflowed) {
          const next = fraction * 10n + BigInt(s.charCodeAt(i) - 48);
          if (next > MAX_DURATION) overflowed = true;
          else {
            fraction = next;
            scale *= 10;
          }
        }
        i++;
      }
      hasFraction = i > fracStart;
    }
    if (!hasWhole && !hasFraction) return undefined;

    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) i++;
    if (i === unitStart) return undefined; // missing unit
    const unit = UNIT_NANOS[s.slice(unitStart, i)];
    if (unit === undefined) return undefined; // unknown unit

    if (whole > MAX_DURATION / unit) return undefined;
    let value = whole * unit;
    if (fraction > 0n) {
      // Go computes this part in float64 and truncates; so do we, for identical results.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > MAX_DURATION) return undefined;
    }
    total += value;
    if (total > MAX_DURATION) return undefined;
  }
  if (!negative && total > MAX_DURATION - 1n) return undefined;
  const signed = negative ? -total : total;
  // BigInt division truncates toward zero, like Go's, so both parts keep the duration's sign.
  return {
    seconds: Number(signed / NANOS_PER_SECOND),
    nanos: Number(signed % NANOS_PER_SECOND),
  };
}

/**
 * Formats a duration the way Kuma writes it back (legacy `jsonpb` marshaller): seconds with 0, 3, 6
 * or 9 fractional digits and an `s` suffix — `"10s"`, `"1.500s"`, `"-0.000300s"`. The result parses
 * back with {@link parseGoDuration} to the same value.
 */
export function formatDuration(duration: Duration): string {
  let { seconds, nanos } = duration;
  let sign = '';
  if (seconds < 0 || nanos < 0) {
    sign = '-';
    seconds = -seconds;
    nanos = -nanos;
  }
  let text = `${sign}${seconds}.${String(nanos).padStart(9, '0')}`;
  for (const suffix of ['000', '000', '.000']) {
    if (text.endsWith(suffix)) text = text.slice(0, -suffix.length);
  }
  return `${text}s`;
}

/** True for a zero-length duration (`"0"`, `"0s"`, `"0.000s"`). */
export function isZeroDuration(duration: Duration): boolean {
  return duration.seconds === 0 && duration.nanos === 0;
}
