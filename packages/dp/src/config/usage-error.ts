/**
 * The command line or the environment is wrong (a bad flag value, a missing `=` in `--dataplane-var`,
 * flags that contradict the dataplane file). `problems` lists every one found, each naming the flag or
 * variable; the CLI prints them and exits 1.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'INVALID_USAGE';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(problems.length === 1 ? (problems[0] ?? '') : `invalid usage:\n  ${problems.join('\n  ')}`, options);
    this.problems = problems;
  }
}
