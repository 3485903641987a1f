import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Locates the Debian-packaged server binaries the harness runs. Each throws a `MissingBinaryError`
 * that says what to install, rather than failing later with ENOENT.
 */
export class MissingBinaryError extends Error {
  override readonly name = 'MissingBinaryError';
  readonly code = 'MISSING_BINARY';
  constructor(
    readonly binary: string,
    readonly debianPackage: string,
  ) {
    super(`${binary} not found: install it with 'apt-get install -y --no-install-recommends ${debianPackage}' (or run scripts/setup.sh)`);
  }
}

const NATS_CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

export function natsServerBinary(): string {
  const fromEnv = process.env['KUMIKO_NATS_SERVER'];
  if (fromEnv) return fromEnv;
  const found = NATS_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new MissingBinaryError('nats-server', 'nats-server');
  return found;
}

/** The newest `/usr/lib/postgresql/<version>/bin` that has initdb, or `KUMIKO_PG_BIN`. */
export function postgresBinDir(): string {
  const fromEnv = process.env['KUMIKO_PG_BIN'];
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => existsSync(join(root, entry, 'bin', 'initdb')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  const newest = versions.at(-1);
  if (newest === undefined) throw new MissingBinaryError('initdb (PostgreSQL server)', 'postgresql-15');
  return join(root, newest, 'bin');
}
