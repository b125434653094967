import { crosswalk, standardTranslator } from '@rosetta/mappings';
import type { Vocabulary } from '@rosetta/outcome-schema';
import type { Command } from 'commander';
import { parseVocabulary } from '../vocabulary-arg.ts';

export function registerCrosswalk(program: Command): void {
  program
    .command('crosswalk')
    .description('the closest code(s) in another vocabulary, each with its fidelity')
    .argument('<vocabulary>', 'source vocabulary', parseVocabulary)
    .argument('<code>', 'source code')
    .requiredOption('--to <vocabulary>', 'target vocabulary', parseVocabulary)
    .option('--json', 'print JSON')
    .action((vocabulary: Vocabulary, code: string, options: { to: Vocabulary; json?: boolean }) => {
      const result = crosswalk(standardTranslator(), vocabulary, code, options.to);
      if (options.json) {
        const { source, to, candidates, reason } = result;
        const json = {
          source: {
            protocol: vocabulary,
            code: source.code,
            canonical: source.canonical.code,
            fidelity: source.fidelity,
          },
          to,
          candidates,
          reason,
        };
        console.log(JSON.stringify(json, null, 2));
        return;
      }
      console.log(
        `${vocabulary} ${result.source.code} → ${result.source.canonical.code} (${result.source.fidelity})`,
      );
      if (result.candidates.length === 0) console.log(`  no counterpart in ${options.to}: ${result.reason}`);
      for (const c of result.candidates) {
        console.log(
          `  ${options.to} ${c.code}  ${c.fidelity}${c.preferred ? ', preferred' : ''} — ${c.description}`,
        );
      }
    });
}
