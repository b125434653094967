import { createInterface } from 'node:readline';
import { standardTranslator } from '@rosetta/mappings';
import type { Vocabulary } from '@rosetta/outcome-schema';
import type { Command } from 'commander';
import { translateStream } from '../translate-stream.ts';
import { translationJson, translationText } from '../translation-json.ts';
import { parseVocabulary } from '../vocabulary-arg.ts';

export function registerTranslate(program: Command): void {
  program
    .command('translate')
    .description(
      'translate one code, or (with --json and no arguments) NDJSON lines {"source","code"} from stdin to one JSON line each',
    )
    .argument('[vocabulary]', 'source vocabulary', parseVocabulary)
    .argument('[code]', 'code as the vocabulary writes it (e.g. -2402, UPD4_FAIL_504, register/4.03)')
    .option('--json', 'print JSON')
    .option('--profile <name>', 'apply an override profile (see packages/mappings/profiles)')
    .action(
      async (
        vocabulary: Vocabulary | undefined,
        code: string | undefined,
        options: { json?: boolean; profile?: string },
      ) => {
        const translator = standardTranslator();
        if (vocabulary === undefined || code === undefined) {
          if (!options.json || vocabulary !== undefined)
            program.error('give <vocabulary> <code>, or --json alone to read NDJSON from stdin');
          await translateStream(
            translator,
            createInterface({ input: process.stdin, crlfDelay: Infinity }),
            process.stdout,
          );
          return;
        }
        const translation = translator.translate(vocabulary, code, options.profile);
        console.log(
          options.json ? JSON.stringify(translationJson(translation), null, 2) : translationText(translation),
        );
      },
    );
}
