/**
 * SQLSTATE classes that mean "this data can never be written", whatever is retried: data
 * exceptions (22: a NUL in `text`, `\u0000` in `jsonb`, a bad number or date), integrity
 * violations (23) and program limits (54: nesting too deep, a row too large). Everything else —
 * a connection lost or refused, the server shutting down (57P01), a serialisation failure — may
 * succeed later.
 */
const PERMANENT_CLASSES: ReadonlySet<string> = new Set(['22', '23', '54']);

/** The SQLSTATE a pg error carries, if any. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Whether the same write of the same data will fail again: Postgres refused the data itself (see
 * PERMANENT_CLASSES), or encoding it exhausted the stack or the string length (a `RangeError`,
 * which only an extreme payload causes).
 */
export function isPermanentDataError(error: unknown): boolean {
  if (error instanceof RangeError) return true;
  const state = sqlState(error);
  return state !== undefined && PERMANENT_CLASSES.has(state.slice(0, 2));
}
