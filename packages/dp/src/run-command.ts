import { type Command, Option } from 'commander';
import { DataplaneRunner } from './dataplane-runner.js';
import type { ProxylessRunner } from './proxyless/proxyless-runner.js';
import { parseRunConfig } from './config/run-config.js';
import { type RawRunFlags, type RunFlag, runFlags } from './config/run-flags.js';
import { RunExitCodes, describeRunError } from './run-error-reporter.js';
import { createRunLogger } from './run-logger.js';

const EXIT_STATUS_HELP = `
Every flag can also be set by the environment variable shown; the flag wins.

Exit status:
  0  stopped by SIGTERM or SIGINT (Envoy drained and stopped; with --proxyless: relay and CP stream closed)
  1  wrong flags, dataplane file or environment; the CP rejected the proxy or stayed unreachable
  2  no usable Envoy binary (the CP was not contacted)`;

function complain(message: string): void {
  process.stderr.write(`kumiko-dp: ${message.replaceAll('\n', '\n  ')}\n`);
}

function describe(flag: RunFlag): string {
  return `${flag.description} [env ${flag.env}${flag.default === undefined ? '' : `, default ${flag.default}`}]`;
}

/**
 * Runs the agent until SIGTERM or SIGINT, then drains and stops Envoy and exits 0; a second signal
 * kills Envoy and exits 1 at once. Failures print `kumiko-dp: <message>` and set the exit status.
 */
async function runAction(flags: RawRunFlags): Promise<void> {
  let runner: DataplaneRunner | ProxylessRunner;
  try {
    const config = parseRunConfig(flags, process.env);
    const logger = createRunLogger(config.logLevel);
    // loaded only when asked for: the Envoy path starts without the xDS protos and gRPC
    runner = config.proxyless.enabled
      ? new (await import('./proxyless/proxyless-runner.js')).ProxylessRunner({
          config,
          logger,
          onReady: ({ bootstrapPath, adsAddress }) =>
            process.stderr.write(
              `kumiko-dp: proxyless app ready (ADS relay on ${adsAddress}): export GRPC_XDS_BOOTSTRAP=${bootstrapPath}\n`,
            ),
        })
      : new DataplaneRunner({ config, logger });
  } catch (error) {
    const described = describeRunError(error);
    if (described === undefined) throw error;
    complain(described.message);
    process.exit(described.exitCode);
  }
  let signalled = false;
  const onSignal = (): void => {
    if (signalled) {
      runner.kill();
      process.exit(RunExitCodes.failed);
    }
    signalled = true;
    runner.stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await runner.run();
    process.exitCode = RunExitCodes.stopped;
  } catch (error) {
    const described = describeRunError(error);
    if (described === undefined) throw error;
    complain(described.message);
    process.exitCode = described.exitCode;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** Registers `kumiko-dp run` with kuma-dp's flags (see {@link runFlags}) on the program. */
export function addRunCommand(program: Command): Command {
  const command = program
    .command('run')
    .description(
      "fetch the Envoy bootstrap from the zone CP, then run Envoy and the DNS resolver until stopped; with --proxyless, keep a proxyless gRPC app's xDS bootstrap, identity files and ADS relay instead",
    )
    .addHelpText('after', EXIT_STATUS_HELP)
    .action(runAction);
  for (const flag of Object.values(runFlags) as RunFlag[]) {
    const option = new Option(flag.flag, describe(flag));
    if (flag.repeatable === true) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    command.addOption(option);
  }
  return command;
}
