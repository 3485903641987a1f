import { Command } from 'commander';
import { BASED_ON_KUMA, KUMIKO_VERSION } from '@kumiko/api';
import { addGenerateCommand } from './generate-command.js';
import { addValidateCommand } from './validate-command.js';

/** `kumikoctl`: the command-line client: validates resources and queries control planes. */
const program = new Command('kumikoctl')
  .description(`Kumiko command-line client (Kuma ${BASED_ON_KUMA} resource model)`)
  .version(KUMIKO_VERSION, '-v, --version')
  .showHelpAfterError();

program
  .command('version')
  .description('print the version')
  .action(() => {
    console.log(`kumikoctl ${KUMIKO_VERSION} (Kuma ${BASED_ON_KUMA} compatible)`);
  });

addValidateCommand(program);
addGenerateCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  // A failed request or an unreachable API: one readable line, no stack trace.
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
