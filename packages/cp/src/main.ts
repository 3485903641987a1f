import { Command } from 'commander';
import { BASED_ON_KUMA, KUMIKO_VERSION } from '@kumiko/api';
import { runControlPlane } from './control-plane-runner.js';

/** `kumiko-cp`: the control plane process. `run` starts the zone or global CP chosen by KUMA_MODE. */
const program = new Command('kumiko-cp')
  .description(`Kumiko control plane (compatible with Kuma ${BASED_ON_KUMA}): a zone or the global CP, chosen by KUMA_MODE`)
  .version(KUMIKO_VERSION, '-v, --version')
  .showHelpAfterError();

program
  .command('run')
  .description('run the control plane; KUMA_MODE=zone|global and the other KUMA_* variables configure it (see README)')
  .action(async () => {
    await runControlPlane(process.env);
  });

program
  .command('version')
  .description('print the version')
  .action(() => {
    console.log(`kumiko-cp ${KUMIKO_VERSION} (Kuma ${BASED_ON_KUMA} compatible)`);
  });

await program.parseAsync();
