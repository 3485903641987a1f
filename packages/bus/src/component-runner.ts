import { retryUntilDone, type BackoffOptions } from './retry-backoff.js';

/** One part of a control plane that starts after the parts before it and stops before them. */
export interface Component {
  /** Names the component in logs, errors and {@link ComponentRunner.isReady}; unique within a runner. */
  readonly name: string;
  /**
   * Brings the component up. With `retry`, a rejection is retried with backoff, so a retried start
   * must be safe to call again after it failed.
   */
  start(): Promise<void> | void;
  /** Releases what `start` acquired; called only after `start` succeeded. Default: nothing to release. */
  stop?(): Promise<void> | void;
  /** Whether the started component serves; read on every readiness check, so it must be cheap. Default: always. */
  ready?(): boolean;
  /**
   * Retry a failed start with backoff until it succeeds or the runner stops (for components that
   * wait on a peer such as NATS or Postgres). Default: false, a failed start fails the runner.
   */
  readonly retry?: boolean;
}

/** What the runner logs: retried starts (warn), stop failures (error), each start and stop (debug). */
export interface ComponentRunnerLogger {
  debug(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface ComponentRunnerOptions {
  readonly logger: ComponentRunnerLogger;
  /** Backoff between attempts of a retried start. Default: 200 ms doubling to 5 s, with jitter. */
  readonly backoff?: BackoffOptions;
}

/**
 * Why {@link ComponentRunner.start} rejected: `COMPONENT_START_FAILED` when a component without
 * `retry` failed (its error is the `cause`), `RUNNER_STOPPED` when `stop()` came first.
 */
export class ComponentStartError extends Error {
  override readonly name = 'ComponentStartError';
  constructor(
    readonly component: string,
    readonly code: 'COMPONENT_START_FAILED' | 'RUNNER_STOPPED',
    options?: ErrorOptions,
  ) {
    super(code === 'RUNNER_STOPPED' ? `stopped before ${component} started` : `${component} failed to start`, options);
  }
}

/**
 * Starts components one after another, in the order given, and stops them in reverse order, so
 * each component may rely on those before it while it runs.
 *
 * - `start()` resolves once every component started. A component with `retry` is retried with
 *   backoff; one without it that fails makes `start()` reject, after the components already
 *   started were stopped in reverse order.
 * - `stop()` makes the runner unready at once, interrupts a start in progress (a start already
 *   running is awaited, no further component starts), then stops each started component in
 *   reverse order. A component whose stop fails is logged and the others still stop; `stop()`
 *   never rejects. A stopped runner cannot start again.
 */
export class ComponentRunner {
  private readonly components: readonly Component[];
  private readonly logger: ComponentRunnerLogger;
  private readonly backoff: Required<BackoffOptions>;
  private readonly abort = new AbortController();
  /** Components whose start succeeded and that are not stopped yet: always a prefix of #components. */
  private readonly started: Component[] = [];
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(components: readonly Component[], options: ComponentRunnerOptions) {
    const names = new Set<string>();
    for (const { name } of components) {
      if (names.has(name)) throw new Error(`component name ${name} is used twice`);
      names.add(name);
    }
    this.components = [...components];
    this.logger = options.logger;
    this.backoff = { initialMs: options.backoff?.initialMs ?? 200, maxMs: options.backoff?.maxMs ?? 5_000 };
  }

  /** Starts every component in order; the same promise on every call. */
  start(): Promise<void> {
    this.starting ??= this.startAll();
    return this.starting;
  }

  /**
   * Whether the runner is not stopping and every component — or, with `through`, every component
   * up to and including the one of that name — started and reports ready.
   */
  isReady(through?: string): boolean {
    if (this.abort.signal.aborted) return false;
    const count = through === undefined ? this.components.length : this.indexOf(through) + 1;
    if (this.started.length < count) return false;
    for (let i = 0; i < count; i++) {
      if (this.started[i]?.ready?.() === false) return false;
    }
    return true;
  }

  /** Stops what started, in reverse order; the same promise on every call. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async startAll(): Promise<void> {
    for (const component of this.components) {
      try {
        await this.startOne(component);
      } catch (error) {
        if (this.abort.signal.aborted) {
          // stop() takes care of what started; a failure racing with it is not the component's fault.
          throw error instanceof ComponentStartError ? error : new ComponentStartError(component.name, 'RUNNER_STOPPED', { cause: error });
        }
        // Failed for good: leave nothing running behind a runner that will never be ready.
        await this.stopStarted();
        throw new ComponentStartError(component.name, 'COMPONENT_START_FAILED', { cause: error });
      }
      this.started.push(component);
      this.logger.debug({ component: component.name }, 'component started');
    }
  }

  private async startOne(component: Component): Promise<void> {
    const attempt = async (): Promise<void> => {
      if (this.abort.signal.aborted) throw new ComponentStartError(component.name, 'RUNNER_STOPPED');
      await component.start();
    };
    if (component.retry !== true) return attempt();
    await retryUntilDone(`${component.name} start`, attempt, { signal: this.abort.signal, logger: this.logger, ...this.backoff });
  }

  private async stopAll(): Promise<void> {
    this.abort.abort();
    await this.starting?.catch(() => undefined);
    await this.stopStarted();
  }

  private async stopStarted(): Promise<void> {
    for (let component = this.started.pop(); component !== undefined; component = this.started.pop()) {
      try {
        await component.stop?.();
        this.logger.debug({ component: component.name }, 'component stopped');
      } catch (error) {
        this.logger.error({ err: error, component: component.name }, 'component failed to stop');
      }
    }
  }

  private indexOf(name: string): number {
    const index = this.components.findIndex((component) => component.name === name);
    if (index < 0) throw new Error(`no component named ${name}`);
    return index;
  }
}
