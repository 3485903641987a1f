/**
 * Synchronous clean-up on process exit for servers the harness started.
 *
 * Contract: a registered action runs at most once — either when its owner calls the returned
 * `unregister()` after a normal stop, or from the process `exit` handler (normal exit, uncaught
 * exception, `process.exit`). On SIGINT/SIGTERM the harness exits (running them) only when nothing
 * else listens for that signal: a program with its own shutdown (the demo) keeps control of it.
 * A SIGKILLed test process cannot clean up; `.ci/run` sweeps what is left by data directory.
 */
type Action = () => void;

const actions = new Set<Action>();
let installed = false;

function runAll(): void {
  for (const action of actions) {
    try {
      action();
    } catch {
      // Best effort at exit: one failed stop must not prevent the others.
    }
  }
  actions.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return;
      runAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
}

/** Registers `action` to run at exit; call the result once the resource was released normally. */
export function onExitSync(action: Action): () => void {
  install();
  actions.add(action);
  return () => {
    actions.delete(action);
  };
}
