import type { z } from 'zod';

/** One reason an input could not be decoded, at a Kuma-style path (`networking.inbound[0].port`). */
export interface DecodeIssue {
  readonly field: string;
  readonly message: string;
}

/** The outcome of a decode: the typed value, or every issue found, in document order. */
export type DecodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly DecodeIssue[] };

/** Fields whose value is a `map<string, …>`: the next path segment is a key, printed `["key"]`. */
const MAP_FIELDS: ReadonlySet<string> = new Set(['tags', 'labels', 'dependencies', 'stat']);

/**
 * Formats a zod issue path the way Kuma's validators print field paths (`pkg/core/validators`):
 * fields joined with `.`, list indexes as `[i]`, map keys as `["key"]` (JSON-quoted like Go's `%q`).
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  let previousWasMapField = false;
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      previousWasMapField = false;
    } else {
      const name = String(segment);
      if (previousWasMapField) {
        out += `[${JSON.stringify(name)}]`;
        previousWasMapField = false;
      } else {
        out += out === '' ? name : `.${name}`;
        previousWasMapField = MAP_FIELDS.has(name);
      }
    }
  }
  return out;
}

/** Maps zod's issues to {@link DecodeIssue}s, keeping zod's (document) order. */
export function toDecodeIssues(issues: readonly z.core.$ZodIssue[]): DecodeIssue[] {
  return issues.map((issue) => ({ field: formatFieldPath(issue.path), message: issue.message }));
}
