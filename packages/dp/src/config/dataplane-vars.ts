/** Template variables for the dataplane file: key → value. Keys may be dotted (`some.key`). */
export type DataplaneVars = ReadonlyMap<string, string>;

/**
 * Parses `--dataplane-var key=value` arguments (and the comma-separated `k=v,k=v` form of
 * `KUMA_DATAPLANE_RUNTIME_RESOURCE_VARS`, which comes first so flags override it). The value is
 * everything after the first `=` and may be empty; a later key wins, as with kuma-dp. Returns every
 * malformed entry in `problems` rather than stopping at the first.
 */
export function parseDataplaneVars(
  flags: readonly string[],
  envValue: string | undefined,
): { readonly vars: DataplaneVars; readonly problems: readonly string[] } {
  const vars = new Map<string, string>();
  const problems: string[] = [];
  const add = (entry: string, source: string): void => {
    const eq = entry.indexOf('=');
    if (eq < 0) {
      problems.push(`${source}: ${JSON.stringify(entry)} must be key=value`);
      return;
    }
    const key = entry.slice(0, eq).trim();
    if (key === '') {
      problems.push(`${source}: ${JSON.stringify(entry)} has an empty key`);
      return;
    }
    vars.set(key, entry.slice(eq + 1));
  };
  if (envValue !== undefined && envValue !== '') {
    for (const entry of envValue.split(',')) if (entry.trim() !== '') add(entry, 'KUMA_DATAPLANE_RUNTIME_RESOURCE_VARS');
  }
  for (const entry of flags) add(entry, '--dataplane-var');
  return { vars, problems };
}
