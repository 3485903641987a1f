import type { Violation } from './violation.js';

/**
 * How deeply JSON input may nest (objects and arrays, the outermost value at depth 1). Protobuf's usual
 * recursion limit: deeper structures cannot become Envoy configuration anyway, and walking them further
 * would cost stack in every later step (decoding, Postgres's jsonb).
 */
export const MAX_INPUT_DEPTH = 100;

/** The reason given for a string or key that holds U+0000, which Postgres's `text` and `jsonb` cannot store. */
export const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';

/** The reason given for input nested deeper than {@link MAX_INPUT_DEPTH}. */
export const DEPTH_MESSAGE = `must not be nested more than ${MAX_INPUT_DEPTH} levels deep`;

/** Whether `text` holds U+0000. */
export function containsNul(text: string): boolean {
  return text.includes('\u0000');
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (PLAIN_KEY.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * The first thing in a decoded JSON value that no stored resource may hold: a string or an object key
 * containing NUL, or nesting deeper than {@link MAX_INPUT_DEPTH}. Reported with its field path
 * (`metrics.backends[0].conf["a\u0000b"]`; `''` for the value itself), or `undefined` when the value is safe.
 * The walk is iterative, so no input can exhaust the stack; it stops at the first violation. Pure.
 */
export function inputSafetyViolation(value: unknown): Violation | undefined {
  const pending: { readonly value: unknown; readonly path: string; readonly depth: number }[] = [{ value, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, path, depth } = next;
    if (typeof current === 'string') {
      if (containsNul(current)) return { field: path, message: NUL_MESSAGE };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > MAX_INPUT_DEPTH) return { field: path, message: DEPTH_MESSAGE };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: childPath(path, i), depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(current);
    const nulKey = entries.find(([key]) => containsNul(key));
    if (nulKey !== undefined) return { field: childPath(path, nulKey[0]), message: NUL_MESSAGE };
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      pending.push({ value: child, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}
