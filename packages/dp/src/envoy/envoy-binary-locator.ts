import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** No executable Envoy where `--binary-path` points, or no `envoy` on PATH. */
export class EnvoyNotFoundError extends Error {
  override readonly name = 'EnvoyNotFoundError';
  readonly code = 'ENVOY_NOT_FOUND';
  constructor(
    readonly binaryPath: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Envoy binary not found: ${reason}; install Envoy or pass --binary-path`, options);
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves `--binary-path` to an absolute path, as a shell would: a value with a `/` is a path
 * (relative to `cwd`), a bare name is looked up in `PATH`. Throws {@link EnvoyNotFoundError} when
 * nothing executable is found.
 */
export async function locateEnvoyBinary(
  binaryPath: string,
  env: { readonly PATH?: string | undefined } = process.env,
  cwd = process.cwd(),
): Promise<string> {
  if (binaryPath.includes('/')) {
    const path = isAbsolute(binaryPath) ? binaryPath : resolve(cwd, binaryPath);
    if (await isExecutableFile(path)) return path;
    throw new EnvoyNotFoundError(binaryPath, `${path} does not exist or is not an executable file`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = resolve(cwd, join(dir, binaryPath));
    if (await isExecutableFile(candidate)) return candidate;
  }
  throw new EnvoyNotFoundError(binaryPath, `no executable ${JSON.stringify(binaryPath)} on PATH`);
}
