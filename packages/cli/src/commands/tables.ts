import { renderCsv, renderMarkdown, standardTranslator } from '@rosetta/mappings';
import { type Command, Option } from 'commander';

export function registerTables(program: Command): void {
  program
    .command('tables')
    .description('print every mapping table for people (Markdown) or spreadsheets (CSV)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'csv']).default('md'))
    .action((options: { format: 'md' | 'csv' }) => {
      const translator = standardTranslator();
      process.stdout.write(options.format === 'csv' ? renderCsv(translator) : renderMarkdown(translator));
    });
}
