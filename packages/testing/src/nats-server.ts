import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExitSync } from './exit-cleanup.js';
import { natsServerBinary } from './system-binaries.js';
import { waitFor } from './wait-for.js';

export interface NatsServerOptions {
  /** nats-server configuration file contents (accounts, users, permissions). Default: none. */
  readonly config?: string;
  /** Enable JetStream. Default: true. */
  readonly jetstream?: boolean;
  /**
   * Directory for the JetStream store, log and ports file. Default: a fresh `nats-*` directory under
   * `os.tmpdir()`, removed by `stop()`. A given directory is kept (the local demo keeps its state).
   */
  readonly dir?: string;
  /** Port to listen on. Default: -1, a free port chosen by the server itself (no race). */
  readonly port?: number;
  /** Bind address. Default: 127.0.0.1. */
  readonly host?: string;
}

export interface NatsServer {
  /** `nats://host:port`; unchanged across `restart()`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  /** The JetStream store directory. */
  readonly storeDir: string;
  /** The current server process id. */
  pid(): number;
  /** Graceful stop (SIGTERM); removes the directory unless it was given. Idempotent. */
  stop(): Promise<void>;
  /** Stops gracefully and starts again on the same port with the same store. */
  restart(): Promise<void>;
  /** Simulates a crash (SIGKILL); `restart()` brings it back on the same port and store. */
  kill(): Promise<void>;
}

class NatsStartError extends Error {
  override readonly name = 'NatsStartError';
  readonly code = 'NATS_START_FAILED';
}

/** Starts Debian's nats-server on a loopback port; resolves once it accepts connections. */
export async function startNats(options: NatsServerOptions = {}): Promise<NatsServer> {
  const owned = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'nats-'));
  mkdirSync(dir, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const storeDir = join(dir, 'js');
  let configPath: string | undefined;
  if (options.config !== undefined) {
    configPath = join(dir, 'nats.conf');
    writeFileSync(configPath, options.config);
  }

  const args = (port: number): string[] => [
    ...(configPath ? ['-c', configPath] : []),
    ...(options.jetstream === false ? [] : ['-js', '-sd', storeDir]),
    '-a',
    host,
    '-p',
    String(port),
    '--ports_file_dir',
    dir,
    '-l',
    join(dir, 'nats.log'),
  ];

  let child: ChildProcess | undefined;
  let stopped = false;
  const unregister = onExitSync(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    if (owned) rmSync(dir, { recursive: true, force: true });
  });

  const launch = async (port: number): Promise<number> => {
    const proc = spawn(natsServerBinary(), args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const portsFile = join(dir, `nats-server_${proc.pid}.ports`);
    return waitFor(`nats-server ports file ${portsFile}`, () => {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new NatsStartError(`nats-server exited (${proc.exitCode ?? proc.signalCode}): ${stderr.trim() || logTail(dir)}`);
      }
      if (!existsSync(portsFile)) return undefined;
      const text = readFileSync(portsFile, 'utf8');
      if (!text.trim()) return undefined;
      const urls = (JSON.parse(text) as { nats?: string[] }).nats ?? [];
      const first = urls[0];
      return first === undefined ? undefined : Number(new URL(first).port);
    });
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // A SIGKILLed server cannot remove its own ports file; remove it so a restart waits for the new one.
    for (const file of readdirSync(dir)) if (file.startsWith('nats-server_')) rmSync(join(dir, file), { force: true });
  };

  const port = await launch(options.port ?? -1);
  return {
    url: `nats://${host}:${port}`,
    host,
    port,
    dir,
    storeDir,
    pid: () => child?.pid ?? -1,
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate('SIGTERM');
      unregister();
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await terminate('SIGTERM');
      await launch(port);
    },
    async kill() {
      await terminate('SIGKILL');
    },
  };
}

function logTail(dir: string): string {
  try {
    return readFileSync(join(dir, 'nats.log'), 'utf8').split('\n').slice(-5).join('\n');
  } catch {
    return '(no log)';
  }
}
