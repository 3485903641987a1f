import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { nanoid } from 'nanoid';
import { onExitSync } from './exit-cleanup.js';
import { freePort } from './free-port.js';
import { postgresBinDir } from './system-binaries.js';

const run = promisify(execFile);

export interface PostgresServerOptions {
  /**
   * Cluster directory (holds `data/`, the socket and `pg.log`). Default: a fresh `pg-*` directory under
   * `os.tmpdir()`, removed by `stop()`, with durability off (fsync) for speed. A given directory is
   * kept and reused across runs, with durability on (the local demo).
   */
  readonly dir?: string;
  /** TCP port. Default: a free loopback port (retried if another process takes it first). */
  readonly port?: number;
}

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly dir: string;
  /** Connection string for the `postgres` database. */
  readonly connectionString: string;
  /** Creates an empty database (isolation per test) and returns its connection string. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the cluster; removes the directory unless it was given. Idempotent. */
  stop(): Promise<void>;
  /**
   * Stops the server as an operator's restart does (`pg_ctl stop -m fast`: open sessions are
   * terminated with 57P01), keeping its data; `resume()` starts it again on the same port.
   */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port with the same data; resolves once it accepts connections. */
  resume(): Promise<void>;
  /** `pause()` then `resume()`. */
  restart(): Promise<void>;
}

class PostgresStartError extends Error {
  override readonly name = 'PostgresStartError';
  readonly code = 'POSTGRES_START_FAILED';
}

interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user. */
function postgresUser(): RunAs {
  if (userInfo().uid !== 0) return {};
  const passwd = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((line) => line.startsWith('postgres:'));
  const fields = passwd?.split(':');
  if (!fields || fields.length < 4) throw new PostgresStartError('running as root but no postgres user exists (install postgresql)');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Starts a throwaway PostgreSQL cluster (initdb + pg_ctl) on a loopback port. */
export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const as = postgresUser();
  const owned = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'pg-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  if (as.uid !== undefined && as.gid !== undefined) chownSync(dir, as.uid, as.gid);
  const pgCtl = join(bin, 'pg_ctl');

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    try {
      await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'], as);
    } catch (error) {
      const hint = String((error as { stderr?: string }).stderr ?? error).includes('Permission denied')
        ? ` (every parent of ${dir} must be traversable by the postgres user: chmod 755 it)`
        : '';
      throw new PostgresStartError(`initdb failed${hint}: ${String((error as { stderr?: string }).stderr ?? error)}`, { cause: error });
    }
  }

  const durability = owned ? ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off' : '';
  const pgStart = (port: number): Promise<unknown> =>
    run(
      pgCtl,
      [
        '-D',
        dataDir,
        '-l',
        join(dir, 'pg.log'),
        '-w',
        '-t',
        '30',
        'start',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durability}`,
      ],
      as,
    );
  let port = options.port ?? 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (options.port === undefined) port = await freePort();
    try {
      await pgStart(port);
      lastError = undefined;
      break;
    } catch (error) {
      lastError = error;
      if (options.port !== undefined) break;
    }
  }
  if (lastError !== undefined) {
    if (owned) rmSync(dir, { recursive: true, force: true });
    throw new PostgresStartError(`pg_ctl start failed: ${logTail(dir)}`, { cause: lastError });
  }

  let paused = false;
  const stopSync = (): void => {
    if (!paused) execFileSync(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], { ...as, stdio: 'ignore' });
    if (owned) rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onExitSync(stopSync);
  let stopped = false;
  const pause = async (): Promise<void> => {
    if (paused || stopped) return;
    paused = true;
    await run(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop'], as);
  };
  const resume = async (): Promise<void> => {
    if (!paused || stopped) return;
    try {
      await pgStart(port);
    } catch (error) {
      throw new PostgresStartError(`pg_ctl start (resume) failed: ${logTail(dir)}`, { cause: error });
    }
    paused = false;
  };
  const host = '127.0.0.1';
  const urlFor = (database: string): string => `postgres://postgres@${host}:${port}/${database}`;

  return {
    host,
    port,
    user: 'postgres',
    dir,
    connectionString: urlFor('postgres'),
    async createDatabase(
      name = `t_${nanoid(10)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '_')}`,
    ) {
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      unregister();
      if (!paused) await run(pgCtl, ['-D', dataDir, '-m', owned ? 'immediate' : 'fast', '-w', 'stop'], as);
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
    pause,
    resume,
    async restart() {
      await pause();
      await resume();
    },
  };
}

function logTail(dir: string): string {
  try {
    return readFileSync(join(dir, 'pg.log'), 'utf8').split('\n').slice(-8).join('\n');
  } catch {
    return '(no log)';
  }
}
