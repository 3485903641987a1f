import { type ChildProcess, spawn } from 'node:child_process';
import type { Logger } from 'pino';
import { type EnvoyAdminAddress, drainListeners } from './envoy-admin-client.js';
import { RestartBackoff, type RestartBackoffOptions } from './restart-backoff.js';

/** What happened to the supervised process; for logs and tests. */
export type SupervisorEvent =
  | { readonly type: 'started'; readonly pid: number | undefined; readonly start: number }
  | {
      readonly type: 'exited';
      readonly code: number | null;
      readonly signal: NodeJS.Signals | null;
      readonly restartInMs: number | undefined;
    };

export interface EnvoySupervisorOptions {
  /** Absolute path of the Envoy binary. */
  readonly binaryPath: string;
  readonly args: readonly string[];
  readonly logger: Logger;
  /** Restarts after unexpected exits: 1s doubling to 30s, reset after 60s of stable running (defaults). */
  readonly backoff?: RestartBackoffOptions;
  /** After SIGTERM, how long Envoy has to exit before SIGKILL. Default 10s. */
  readonly killGraceMs?: number;
  /** Envoy's stdout and stderr: passed through (default) or discarded. */
  readonly output?: 'inherit' | 'ignore';
  readonly onEvent?: (event: SupervisorEvent) => void;
}

/** How {@link EnvoySupervisor.stop} drains: the admin API to ask and how long to let Envoy drain. */
export interface DrainOptions {
  readonly admin: EnvoyAdminAddress;
  readonly drainTimeMs: number;
}

/**
 * Runs Envoy and keeps it running: an exit that {@link stop} did not ask for is logged and followed
 * by a restart after a backoff. `start()` spawns; the constructor does nothing.
 */
export class EnvoySupervisor {
  private readonly options: EnvoySupervisorOptions;
  private readonly backoff: RestartBackoff;
  private child: { readonly process: ChildProcess; readonly exited: Promise<void> } | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private starts = 0;
  private stopping: Promise<void> | undefined;

  constructor(options: EnvoySupervisorOptions) {
    this.options = options;
    this.backoff = new RestartBackoff(options.backoff);
  }

  /** The running Envoy's pid, `undefined` between a crash and its restart. */
  get pid(): number | undefined {
    return this.child?.process.pid;
  }

  start(): void {
    if (this.stopping !== undefined || this.child !== undefined) return;
    this.starts += 1;
    const startedAt = performance.now();
    const { logger } = this.options;
    const child = spawn(this.options.binaryPath, this.options.args, {
      stdio: ['ignore', this.options.output ?? 'inherit', this.options.output ?? 'inherit'],
    });
    const exited = new Promise<void>((resolve) => {
      let done = false;
      const onEnd = (code: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
        if (done) return;
        done = true;
        if (this.child?.process === child) this.child = undefined;
        resolve();
        if (this.stopping !== undefined) {
          logger.info({ code, signal }, 'Envoy stopped');
          this.options.onEvent?.({ type: 'exited', code, signal, restartInMs: undefined });
          return;
        }
        const restartInMs = this.backoff.delayAfterRun(performance.now() - startedAt);
        logger.warn({ code, signal, err: error, restartInMs }, 'Envoy exited unexpectedly; restarting');
        this.options.onEvent?.({ type: 'exited', code, signal, restartInMs });
        this.restartTimer = setTimeout(() => {
          this.restartTimer = undefined;
          this.start();
        }, restartInMs);
      };
      child.once('exit', (code, signal) => onEnd(code, signal));
      child.once('error', (error) => onEnd(null, null, error)); // could not spawn (binary removed since start)
    });
    this.child = { process: child, exited };
    logger.info({ pid: child.pid, start: this.starts, args: this.options.args }, 'Envoy started');
    this.options.onEvent?.({ type: 'started', pid: child.pid, start: this.starts });
  }

  /**
   * Stops Envoy for good: with `drain`, asks its admin API to drain inbound listeners and waits the
   * drain time (less if Envoy exits first; not at all if the admin API cannot be reached); then
   * SIGTERM, and SIGKILL after the grace period. Resolves once Envoy has exited. Idempotent.
   */
  stop(drain?: DrainOptions): Promise<void> {
    this.stopping ??= this.stopEnvoy(drain);
    return this.stopping;
  }

  /** Kills Envoy at once (SIGKILL) and stops restarting it; for a second Ctrl-C. */
  kill(): void {
    this.stopping ??= Promise.resolve();
    clearTimeout(this.restartTimer);
    this.child?.process.kill('SIGKILL');
  }

  private async stopEnvoy(drain: DrainOptions | undefined): Promise<void> {
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child === undefined) return;
    const { logger } = this.options;
    if (drain !== undefined && drain.drainTimeMs > 0) {
      try {
        await drainListeners(drain.admin);
        logger.info({ drainTimeMs: drain.drainTimeMs }, 'Envoy is draining inbound listeners');
        await exitWithin(child.exited, drain.drainTimeMs);
      } catch (error) {
        logger.warn({ err: error }, 'could not drain Envoy; stopping it now');
      }
    }
    if (child.process.exitCode !== null || child.process.signalCode !== null) return;
    child.process.kill('SIGTERM');
    if (await exitWithin(child.exited, this.options.killGraceMs ?? 10_000)) return;
    logger.warn('Envoy did not exit after SIGTERM; killing it');
    child.process.kill('SIGKILL');
    await child.exited;
  }
}

/** Resolves `true` when `exited` settles within `ms`, `false` when the time ran out first. */
function exitWithin(exited: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
