import { Command } from 'commander';
import { BASED_ON_KUMA, KUMIKO_VERSION } from '@kumiko/api';
import { addRunCommand } from './run-command.js';

/** `kumiko-dp`: the agent beside each workload: fetches the Envoy bootstrap from its zone CP and supervises Envoy. */
const program = new Command('kumiko-dp')
  .description(`Kumiko data plane agent (kuma-dp compatible flags, Kuma ${BASED_ON_KUMA})`)
  .version(KUMIKO_VERSION, '-v, --version')
  // Program options only before the subcommand, so that `run -v key=value` is kuma-dp's --dataplane-var.
  .enablePositionalOptions()
  .showHelpAfterError();

program
  .command('version')
  .description('print the version')
  .action(() => {
    console.log(`kumiko-dp ${KUMIKO_VERSION} (Kuma ${BASED_ON_KUMA} compatible)`);
  });

addRunCommand(program);

await program.parseAsync();
