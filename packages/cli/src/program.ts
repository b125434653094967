import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerStart } from './commands/start.ts';

/** Builds the `rosetta` command tree; each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('rosetta')
    .description(
      'Rosetta: normalize device-management results (OMA-DM, LwM2M, Knox E-FOTA, Pelion, EAS) onto Kafka',
    )
    .version(packageJson.version, '-v, --version')
    .showHelpAfterError();
  registerStart(program);
  return program;
}
