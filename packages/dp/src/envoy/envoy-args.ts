export interface EnvoyArgsInput {
  readonly configPath: string;
  readonly drainTimeMs: number;
  readonly logLevel: string;
  /** 0: let Envoy decide. */
  readonly concurrency: number;
  /** Defaults to `process.platform`. */
  readonly platform?: NodeJS.Platform;
}

/**
 * Envoy's command line, as kuma-dp builds it (`app/kuma-dp/pkg/dataplane/envoy/envoy.go`):
 *
 *   --config-path <dir>/bootstrap.yaml --drain-time-s <n> --disable-hot-restart --log-level <level>
 *   then --concurrency <n> when set, else --cpuset-threads on Linux
 *
 * Hot restart is off because each proxy runs one Envoy and hot restart would need a distinct
 * `--base-id` per Envoy on a machine. The drain time is whole seconds, truncated, as kuma-dp does.
 */
export function buildEnvoyArgs(input: EnvoyArgsInput): string[] {
  const args = [
    '--config-path',
    input.configPath,
    '--drain-time-s',
    String(Math.floor(input.drainTimeMs / 1000)),
    '--disable-hot-restart',
    '--log-level',
    input.logLevel,
  ];
  if (input.concurrency > 0) args.push('--concurrency', String(input.concurrency));
  else if ((input.platform ?? process.platform) === 'linux') args.push('--cpuset-threads'); // honour the container's cpuset
  return args;
}
