import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ComponentRunner, ComponentStartError, type Component, type ComponentRunnerLogger } from './component-runner.js';

interface LogLine {
  readonly level: 'debug' | 'warn' | 'error';
  readonly object: object;
  readonly message: string;
}

function recordingLogger(): ComponentRunnerLogger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    debug: (object, message) => lines.push({ level: 'debug', object, message }),
    warn: (object, message) => lines.push({ level: 'warn', object, message }),
    error: (object, message) => lines.push({ level: 'error', object, message }),
  };
}

/** A component that records its starts and stops in `events` as `start <name>` / `stop <name>`. */
function recorded(name: string, events: string[], extra: Partial<Component> = {}): Component {
  return {
    name,
    start: () => {
      events.push(`start ${name}`);
    },
    stop: () => {
      events.push(`stop ${name}`);
    },
    ...extra,
  };
}

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every pending promise callback run (no timer involved). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Retries at once, so retry tests run fast without depending on time. */
const fast = { initialMs: 1, maxMs: 1 };

describe('ComponentRunner', () => {
  it('starts components in order and stops them in reverse order', async () => {
    // given three components
    const events: string[] = [];
    const runner = new ComponentRunner([recorded('a', events), recorded('b', events), recorded('c', events)], {
      logger: recordingLogger(),
    });

    // when the runner starts and stops
    await runner.start();
    await runner.stop();

    // then
    assert.deepEqual(events, ['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
  });

  it('awaits each start before the next one begins', async () => {
    // given a first component whose start is still pending
    const events: string[] = [];
    const gate = deferred();
    const slow: Component = { name: 'slow', start: () => gate.promise.then(() => void events.push('start slow')) };
    const runner = new ComponentRunner([slow, recorded('next', events)], { logger: recordingLogger() });

    // when the runner starts
    const started = runner.start();
    await settle();

    // then the next component waits for the first
    assert.deepEqual(events, []);
    gate.resolve();
    await started;
    assert.deepEqual(events, ['start slow', 'start next']);
    await runner.stop();
  });

  it('is ready once every component started and each reports ready', async () => {
    // given a component that is not ready yet
    let serving = false;
    const gate = deferred();
    const runner = new ComponentRunner(
      [
        { name: 'store', start: () => undefined, ready: () => serving },
        { name: 'bus', start: () => gate.promise },
      ],
      { logger: recordingLogger() },
    );
    assert.equal(runner.isReady(), false, 'nothing started yet');

    // when only the first component started
    const started = runner.start();
    await settle();
    assert.equal(runner.isReady(), false, 'bus still starting');
    assert.equal(runner.isReady('store'), false, 'store started but not serving');
    serving = true;
    assert.equal(runner.isReady('store'), true, 'ready through store');
    assert.equal(runner.isReady(), false, 'bus still starting');

    // when every component started
    gate.resolve();
    await started;
    assert.equal(runner.isReady(), true);
    serving = false;
    assert.equal(runner.isReady(), false, 'a started component that stops serving makes the runner unready');
    serving = true;

    // when the runner stops, it is unready at once
    const stopped = runner.stop();
    assert.equal(runner.isReady(), false);
    assert.equal(runner.isReady('store'), false);
    await stopped;
  });

  it('rejects readiness questions about a component it does not run', () => {
    const runner = new ComponentRunner([{ name: 'a', start: () => undefined }], { logger: recordingLogger() });
    assert.throws(() => runner.isReady('b'), /no component named b/);
  });

  it('rejects two components of the same name', () => {
    const noop = (): void => undefined;
    assert.throws(
      () =>
        new ComponentRunner(
          [
            { name: 'a', start: noop },
            { name: 'a', start: noop },
          ],
          { logger: recordingLogger() },
        ),
      /a is used twice/,
    );
  });

  it('logs a failed stop and still stops the remaining components', async () => {
    // given a middle component whose stop fails
    const events: string[] = [];
    const logger = recordingLogger();
    const failing = recorded('b', events, {
      stop: () => {
        events.push('stop b');
        throw new Error('cannot release b');
      },
    });
    const rejecting = recorded('c', events, { stop: () => Promise.reject(new Error('cannot release c')) });
    const runner = new ComponentRunner([recorded('a', events), failing, rejecting], { logger });
    await runner.start();

    // when the runner stops
    await runner.stop();

    // then every component was asked to stop, and both failures were logged with their component
    assert.deepEqual(events, ['start a', 'start b', 'start c', 'stop b', 'stop a']);
    const errors = logger.lines.filter((line) => line.level === 'error');
    assert.deepEqual(
      errors.map((line) => [(line.object as { component: string }).component, (line.object as { err: Error }).err.message]),
      [
        ['c', 'cannot release c'],
        ['b', 'cannot release b'],
      ],
    );
  });

  it('stops each component once, however often stop is called', async () => {
    const events: string[] = [];
    const runner = new ComponentRunner([recorded('a', events)], { logger: recordingLogger() });
    await runner.start();
    await Promise.all([runner.stop(), runner.stop()]);
    await runner.stop();
    assert.deepEqual(events, ['start a', 'stop a']);
  });

  it('retries a failing start with backoff when the component asks for it', async () => {
    // given a component that fails twice, then starts
    const events: string[] = [];
    const logger = recordingLogger();
    let attempts = 0;
    const flaky: Component = {
      name: 'flaky',
      retry: true,
      start: () => {
        attempts += 1;
        if (attempts < 3) throw new Error(`unreachable (attempt ${attempts})`);
        events.push('start flaky');
      },
    };
    const runner = new ComponentRunner([recorded('a', events), flaky, recorded('c', events)], { logger, backoff: fast });

    // when the runner starts
    await runner.start();

    // then the component started on its third attempt and each failure was logged
    assert.equal(attempts, 3);
    assert.deepEqual(events, ['start a', 'start flaky', 'start c']);
    assert.deepEqual(
      logger.lines.filter((line) => line.level === 'warn').map((line) => line.message),
      ['flaky start failed; retrying', 'flaky start failed; retrying'],
    );
    assert.equal(runner.isReady(), true);
    await runner.stop();
  });

  it('fails for good without retry and stops what already started, in reverse order', async () => {
    // given a third component that fails without retry
    const events: string[] = [];
    const cause = new Error('port in use');
    const broken = recorded('broken', events, {
      start: () => {
        throw cause;
      },
    });
    const runner = new ComponentRunner([recorded('a', events), recorded('b', events), broken, recorded('d', events)], {
      logger: recordingLogger(),
    });

    // when the runner starts
    const failure = await runner.start().then(
      () => assert.fail('start should fail'),
      (error: unknown) => error,
    );

    // then start rejects naming the component, with its error as cause, and nothing is left running
    assert.ok(failure instanceof ComponentStartError);
    assert.equal(failure.code, 'COMPONENT_START_FAILED');
    assert.equal(failure.component, 'broken');
    assert.equal(failure.cause, cause);
    assert.deepEqual(events, ['start a', 'start b', 'stop b', 'stop a']);
    assert.equal(runner.isReady(), false);

    // and a later stop stops nothing twice
    await runner.stop();
    assert.deepEqual(events, ['start a', 'start b', 'stop b', 'stop a']);
  });

  it('stop interrupts a start that is retrying and starts nothing further', async () => {
    // given a component that keeps failing, with a backoff far longer than any test
    const events: string[] = [];
    const firstAttempt = deferred();
    const unreachable: Component = {
      name: 'nats',
      retry: true,
      start: () => {
        firstAttempt.resolve();
        throw new Error('connection refused');
      },
      stop: () => void events.push('stop nats'),
    };
    const runner = new ComponentRunner([recorded('a', events), unreachable, recorded('c', events)], {
      logger: recordingLogger(),
      backoff: { initialMs: 600_000, maxMs: 600_000 },
    });
    const started = runner.start();
    await firstAttempt.promise;

    // when the runner stops while the start waits for its next attempt
    await runner.stop();

    // then start rejects as stopped, what started is stopped, and the rest never started
    await assert.rejects(
      started,
      (error: unknown) => error instanceof ComponentStartError && error.code === 'RUNNER_STOPPED' && error.component === 'nats',
    );
    assert.deepEqual(events, ['start a', 'stop a']);
  });

  it('stop awaits a start in progress, then stops that component too', async () => {
    // given a component whose start is in progress
    const events: string[] = [];
    const gate = deferred();
    const slow = recorded('slow', events, { start: () => gate.promise.then(() => void events.push('start slow')) });
    const runner = new ComponentRunner([recorded('a', events), slow, recorded('c', events)], { logger: recordingLogger() });
    const started = runner.start();
    await settle();

    // when the runner stops, and the start in progress completes afterwards
    const stopped = runner.stop();
    gate.resolve();
    await stopped;

    // then the component that completed its start is stopped, and the next one never started
    await assert.rejects(
      started,
      (error: unknown) => error instanceof ComponentStartError && error.code === 'RUNNER_STOPPED' && error.component === 'c',
    );
    assert.deepEqual(events, ['start a', 'start slow', 'stop slow', 'stop a']);
  });

  it('cannot start again once stopped', async () => {
    const events: string[] = [];
    const runner = new ComponentRunner([recorded('a', events)], { logger: recordingLogger() });
    await runner.stop();
    await assert.rejects(runner.start(), (error: unknown) => error instanceof ComponentStartError && error.code === 'RUNNER_STOPPED');
    assert.deepEqual(events, []);
  });
});
