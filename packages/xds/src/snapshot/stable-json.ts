import { stableTexts } from './derived-cache.js';

/**
 * JSON with object keys sorted at every depth (arrays keep their order), so equal data always gives
 * equal text: for fingerprints and golden files. `undefined` members are left out, as JSON does.
 */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

/**
 * {@link stableStringify} without indentation, memoised per object: for the immutable resources of
 * a view, whose unchanged parts keep their identity from one view to the next.
 */
export function stableTextOf(value: object): string {
  let text = stableTexts.get(value);
  if (text === undefined) {
    text = stableStringify(value);
    stableTexts.set(value, text);
  }
  return text;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) out[key] = sortKeys(record[key]);
    return out;
  }
  return value;
}
