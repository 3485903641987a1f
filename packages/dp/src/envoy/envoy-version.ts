import { execFile } from 'node:child_process';

/** What `envoy --version` reports, as the bootstrap request's `version.envoy` carries it. */
export interface EnvoyVersion {
  /** `1.34.1` */
  readonly version: string;
  /** The whole build string: `<revision>/<version>/<status>/<build type>/<ssl>`. */
  readonly build: string;
}

/** The Envoy binary exists but cannot be run, or does not print a version Envoy would. */
export class EnvoyUnusableError extends Error {
  override readonly name = 'EnvoyUnusableError';
  readonly code = 'ENVOY_UNUSABLE';
  constructor(
    readonly binaryPath: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Envoy binary ${binaryPath} is unusable: ${reason}`, options);
  }
}

/**
 * Parses `envoy --version` output the way kuma-dp does (`GetEnvoyVersion`): the text after
 * `version:` must have five `/`-separated parts, the second being the version, e.g.
 * `envoy  version: 50ef09…/1.34.1/Clean/RELEASE/BoringSSL`. `undefined` when it does not.
 */
export function parseEnvoyVersion(output: string): EnvoyVersion | undefined {
  const build = /version:\s*(\S+)/.exec(output.replace(/\r\n/g, '\n'))?.[1];
  const parts = build?.split('/');
  if (build === undefined || parts?.length !== 5 || (parts[1] ?? '') === '') return undefined;
  return { version: parts[1] ?? '', build };
}

/**
 * Runs `<binary> --version` (at most `timeoutMs`) and parses it; throws {@link EnvoyUnusableError}. Envoy answers in
 * milliseconds; the generous default is for a stand-in (a Node script) started while a busy host boots a whole demo.
 */
export async function readEnvoyVersion(binaryPath: string, timeoutMs = 30_000): Promise<EnvoyVersion> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(binaryPath, ['--version'], { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) resolve(`${stdout}\n${stderr}`);
      else {
        const reason = error.killed ? `no answer within ${timeoutMs / 1000} s` : error.message.trim();
        reject(new EnvoyUnusableError(binaryPath, `${binaryPath} --version failed: ${reason}`, { cause: error }));
      }
    });
  });
  const version = parseEnvoyVersion(output);
  if (version === undefined)
    throw new EnvoyUnusableError(binaryPath, `unexpected --version output ${JSON.stringify(output.trim().slice(0, 200))}`);
  return version;
}
