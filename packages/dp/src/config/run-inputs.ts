import { readFile } from 'node:fs/promises';
import { Labels } from '@kumiko/api';
import { type ProxyResource, loadProxyResource } from './proxy-resource-loader.js';
import type { RunConfig } from './run-config.js';
import { jwtShapeProblem } from './jwt-shape.js';
import { UsageError } from './usage-error.js';

/**
 * Renders and checks the proxy resource `run` was given (file, inline, or none), as both run modes send it; the
 * proxyless mode marks its Dataplane with `kumiko.io/proxyless` (see {@link Labels.proxyless}).
 */
export async function loadRunResource(config: RunConfig): Promise<ProxyResource> {
  const source = config.resource;
  const template =
    source.kind === 'file' ? await readInput(source.path, '--dataplane-file') : source.kind === 'inline' ? source.text : undefined;
  return loadProxyResource({
    template,
    source: source.kind === 'file' ? source.path : '--dataplane',
    vars: config.vars,
    proxyType: config.proxyType,
    name: config.name,
    mesh: config.mesh,
    adminPort: config.adminPort,
    ...(config.proxyless.enabled ? { labels: { [Labels.proxyless]: 'true' } } : {}),
  });
}

/**
 * The token kumiko-dp presents to the CP: a dataplane token, or a zone token for a ZoneIngress/ZoneEgress (both
 * travel the same way). `path` is the file it was read from, sent to `/bootstrap` as `dataplaneTokenPath`.
 */
export interface RunToken {
  readonly jwt: string;
  /** `undefined` when the token was given inline. */
  readonly path: string | undefined;
}

/**
 * Reads the token once, at start: `--dataplane-token` when given (it wins over `--dataplane-token-file`, as kuma-dp's
 * inline token replaces the file path), else the content of `--dataplane-token-file` without surrounding whitespace
 * (the trailing newline of `kumactl generate … > file`), else none. An unreadable or empty file, or a value that is
 * not shaped like a JWT, is a {@link UsageError} naming the flag and never quoting the token.
 */
export async function readRunToken(config: RunConfig): Promise<RunToken | undefined> {
  if (config.dataplaneToken !== undefined) {
    const jwt = config.dataplaneToken.trim();
    const problem = jwt === '' ? 'it is blank' : jwtShapeProblem(jwt);
    if (problem !== undefined) throw new UsageError([`--dataplane-token: not a dataplane or zone token (JWT): ${problem}`]);
    return { jwt, path: undefined };
  }
  const path = config.dataplaneTokenFile;
  if (path === undefined) return undefined;
  const jwt = (await readInput(path, '--dataplane-token-file')).trim();
  const problem = jwt === '' ? 'the file is empty' : jwtShapeProblem(jwt);
  if (problem !== undefined)
    throw new UsageError([
      `--dataplane-token-file: ${path} holds no dataplane or zone token (JWT): ${problem}; generate one with 'kumactl generate dataplane-token' (or 'zone-token')`,
    ]);
  return { jwt, path };
}

/** Reads a file the user named by `flag`; a failure is a {@link UsageError} naming the flag. */
export async function readInput(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new UsageError([`${flag}: cannot read ${path}: ${reason}`], { cause: error });
  }
}

/** The CA that verifies the DP server (`--ca-cert-file`), read once at start; `undefined` without the flag. */
export async function readRunCaCert(config: RunConfig): Promise<string | undefined> {
  if (config.caCertFile === undefined) return undefined;
  const pem = await readInput(config.caCertFile, '--ca-cert-file');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError([`--ca-cert-file: ${config.caCertFile} holds no PEM certificate`]);
  return pem;
}
