import { join, resolve } from 'node:path';
import { startProcess, type TestProcess } from './child-process.js';

/** The repository root, from this file's place in packages/testing/src. */
export const kumikoRepoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** `bin/kumiko-cp` of this checkout. */
export function kumikoCpCommand(): string {
  return join(kumikoRepoRoot, 'bin', 'kumiko-cp');
}

export interface ControlPlaneProcessOptions {
  /** Names the process in errors, e.g. `zone-1-cp`. */
  readonly name: string;
  /**
   * The `KUMA_*` environment of `kumiko-cp run`; must set `KUMA_API_SERVER_HTTP_PORT` (readiness is
   * polled at `/ready` there, on 127.0.0.1). Kept for every restart, so the ports stay the same.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Default: {@link kumikoCpCommand}. */
  readonly command?: string;
  /** How long a (re)start may take until `/ready` answers 200. Default: 60 s. */
  readonly readyTimeoutMs?: number;
}

export interface ControlPlaneProcess {
  readonly name: string;
  /** `http://127.0.0.1:<api port>`: the REST API, unchanged across restarts. */
  readonly url: string;
  readonly env: Readonly<Record<string, string>>;
  /** The current run's process id (the last one's after it ended). */
  pid(): number;
  running(): boolean;
  /** What every run so far wrote to stdout and stderr, runs separated by a marker line. */
  output(): string;
  /** SIGTERM (graceful shutdown), SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing flushed or closed. */
  kill(): Promise<void>;
  /** Stops the current run if it is still running, then starts again with the same environment and waits until ready. */
  restart(): Promise<void>;
}

/**
 * Runs `kumiko-cp run` as a real process and resolves once its `/ready` answers 200. The process is
 * SIGKILLed at exit if nobody stopped it (exit-cleanup). A start that fails (e.g. a port taken
 * meanwhile) rejects with the process's output in the message.
 */
export async function startControlPlaneProcess(options: ControlPlaneProcessOptions): Promise<ControlPlaneProcess> {
  const apiPort = options.env['KUMA_API_SERVER_HTTP_PORT'];
  if (apiPort === undefined) throw new Error(`${options.name}: KUMA_API_SERVER_HTTP_PORT must be set`);
  const url = `http://127.0.0.1:${apiPort}`;
  const earlier: string[] = [];
  const launch = (): Promise<TestProcess> =>
    startProcess({
      command: options.command ?? kumikoCpCommand(),
      args: ['run'],
      env: options.env,
      readyUrl: `${url}/ready`,
      readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    }).catch((error: unknown) => {
      throw new Error(`${options.name} did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
  let current = await launch();
  return {
    name: options.name,
    url,
    env: options.env,
    pid: () => current.pid,
    running: () => !current.exited(),
    output: () => [...earlier, current.output()].join(`\n----- ${options.name} restarted -----\n`),
    async stop() {
      await current.stop();
    },
    async kill() {
      await current.kill();
    },
    async restart() {
      await current.stop();
      earlier.push(current.output());
      current = await launch();
    },
  };
}
