import { readFile } from 'node:fs/promises';
import { Labels } from '@kumiko/api';
import { type ProxyResource, loadProxyResource } from './proxy-resource-loader.js';
import type { RunConfig } from './run-config.js';
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

/** The dataplane token: `--dataplane-token`, else the trimmed content of `--dataplane-token-file`, else none. */
export async function readRunToken(config: RunConfig): Promise<string | undefined> {
  return (
    config.dataplaneToken ??
    (config.dataplaneTokenFile === undefined ? undefined : (await readInput(config.dataplaneTokenFile, '--dataplane-token-file')).trim())
  );
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
