import { spawn, type ChildProcess } from 'node:child_process';
import { onExitSync } from './exit-cleanup.js';
import { waitFor } from './wait-for.js';

export interface TestProcessOptions {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Polled (HTTP GET, 200 = ready) after start. */
  readonly readyUrl?: string;
  readonly readyTimeoutMs?: number;
}

export interface TestProcess {
  readonly pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code (or the signal's name). */
  stop(): Promise<number | string>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
  exited(): boolean;
}

/** Starts a process for a test, captures its output and kills it at exit if the test did not. */
export async function startProcess(options: TestProcessOptions): Promise<TestProcess> {
  const child: ChildProcess = spawn(options.command, [...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const unregister = onExitSync(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  void exit.then(() => unregister());
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;

  if (options.readyUrl !== undefined) {
    const url = options.readyUrl;
    try {
      await waitFor(
        `${options.command} ready at ${url}`,
        async () => {
          if (exited()) throw new Error(`${options.command} exited early:\n${output.slice(-4000)}`);
          const ok = await fetch(url).then(
            (r) => r.ok,
            () => false,
          );
          return ok ? true : undefined;
        },
        { timeoutMs: options.readyTimeoutMs ?? 30_000, intervalMs: 50 },
      );
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  return {
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    async stop() {
      if (exited()) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (!exited()) child.kill('SIGKILL');
      await exit;
    },
  };
}
