import { coverage, standardTranslator } from '@rosetta/mappings';
import type { Command } from 'commander';

export function registerCoverage(program: Command): void {
  program
    .command('coverage')
    .description('per vocabulary: rows, codes by fidelity, canonical codes without a counterpart')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const report = coverage(standardTranslator());
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      for (const v of report) {
        const fidelity = Object.entries(v.byFidelity)
          .map(([name, n]) => `${name} ${n}`)
          .join(', ');
        console.log(
          `${v.vocabulary.padEnd(14)} ${String(v.rows).padStart(4)} rows  (${fidelity})  ${v.table} v${v.version}`,
        );
        console.log(
          `${''.padEnd(14)} no counterpart for ${v.canonicalWithoutCounterpart.length} canonical codes: ${v.canonicalWithoutCounterpart.join(', ')}`,
        );
      }
    });
}
