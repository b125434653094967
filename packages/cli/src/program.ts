import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerContract } from './commands/contract.ts';
import { registerCoverage } from './commands/coverage.ts';
import { registerCrosswalk } from './commands/crosswalk.ts';
import { registerImport } from './commands/import.ts';
import { registerReplay } from './commands/replay.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerStart } from './commands/start.ts';
import { registerStatus } from './commands/status.ts';
import { registerTables } from './commands/tables.ts';
import { registerTranslate } from './commands/translate.ts';

/** Builds the `rosetta` command tree; each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('rosetta')
    .description(
      'Rosetta: normalize device-management results (OMA-DM, LwM2M, Knox E-FOTA, Pelion, EAS) onto Kafka',
    )
    .version(packageJson.version, '-v, --version')
    .showHelpAfterError();
  registerTranslate(program);
  registerCrosswalk(program);
  registerCoverage(program);
  registerTables(program);
  registerImport(program);
  registerReplay(program);
  registerContract(program);
  registerSimulate(program);
  registerStart(program);
  registerStatus(program);
  return program;
}
