/**
 * Kuma's own duration strings, used by a mesh CA backend's `conf.caCert.expiration` and
 * `dpCert.rotation.expiration`: digits and exactly one unit of `y` (365 days), `w` (7 days), `d`, `h`,
 * `m`, `s` or `ms`, or the bare `"0"`. Compound forms (`1h30m`), signs, fractions and the empty string are
 * invalid — unlike Go's `time.ParseDuration` (see `parseGoDuration`).
 */
const KUMA_DURATION = /^([0-9]+)(y|w|d|h|m|s|ms)$/;

const UNIT_MILLIS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Whether Kuma's duration parser accepts `text`. */
export function isKumaDuration(text: string): boolean {
  return text === '0' || KUMA_DURATION.test(text);
}

/**
 * The length of a Kuma duration string in milliseconds, or `undefined` when Kuma rejects it. Values beyond
 * `Number.MAX_SAFE_INTEGER` milliseconds (about 285,000 years) are rejected too rather than rounded.
 */
export function parseKumaDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const match = KUMA_DURATION.exec(text);
  if (match === null) return undefined;
  const millis = Number(match[1]) * (UNIT_MILLIS[match[2] ?? ''] ?? Number.NaN);
  return Number.isSafeInteger(millis) ? millis : undefined;
}
