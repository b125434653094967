import {
  diffTables,
  renderCsv,
  renderMarkdown,
  renderTableDiff,
  standardTranslator,
} from '@rosetta/mappings';
import { isVocabulary, VOCABULARIES } from '@rosetta/outcome-schema';
import { type Command, Option } from 'commander';

/** `--diff <vocabulary> <from> <to>`: what changed between two published versions of one table. */
function printDiff(command: Command, [vocabulary, from, to, ...rest]: readonly string[]): void {
  if (!vocabulary || !from || !to || rest.length > 0)
    command.error('--diff takes three values: <vocabulary> <from-version> <to-version>');
  if (!isVocabulary(vocabulary))
    command.error(`--diff: unknown vocabulary ${vocabulary}; use one of ${VOCABULARIES.join(', ')}`);
  const versions = standardTranslator().versions.get(vocabulary);
  const table = (version: string) => {
    const found = versions?.get(version)?.table;
    if (!found)
      command.error(
        `--diff: ${vocabulary} has no published version ${version} (published: ${[...(versions?.keys() ?? [])].join(', ')})`,
      );
    return found;
  };
  process.stdout.write(renderTableDiff(diffTables(table(from), table(to))));
}

export function registerTables(program: Command): void {
  program
    .command('tables')
    .description(
      'print every mapping table for people (Markdown) or spreadsheets (CSV), or what changed between two versions',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'csv']).default('md'))
    .option('--diff <vocabulary-from-to...>', 'compare two published versions: <vocabulary> <from> <to>')
    .action(function (this: Command, options: { format: 'md' | 'csv'; diff?: string[] }) {
      if (options.diff) return printDiff(this, options.diff);
      const translator = standardTranslator();
      process.stdout.write(options.format === 'csv' ? renderCsv(translator) : renderMarkdown(translator));
    });
}
