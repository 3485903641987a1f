/**
 * The contract every benchmark follows: it measures, returns rows for a readable table and a flat set
 * of figures. The runner prints the table and, as the very last line, `{"bench":name,...figures}`.
 */
export interface BenchmarkRow {
  readonly [column: string]: string | number;
}

export interface BenchmarkReport {
  readonly rows: readonly BenchmarkRow[];
  readonly figures: Readonly<Record<string, number>>;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(): Promise<BenchmarkReport>;
}

/** Formats rows as an aligned text table with a header line. */
export function formatTable(rows: readonly BenchmarkRow[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: string | number | undefined): string =>
    typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : (value ?? '');
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (values: readonly string[]): string => values.map((value, i) => value.padStart(widths[i] ?? 0)).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(columns.map((c) => cell(row[c]))))].join('\n');
}

/** Percentile (0–100) of a list of samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
