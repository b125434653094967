import type { Translator } from './translator.ts';
import type { TableRow } from './types.ts';

const escapeMd = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const escapeCsv = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

const COLUMNS = [
  'vocabulary',
  'code',
  'description',
  'canonical',
  'status',
  'stage',
  'fidelity',
  'note',
  'ref',
] as const;

/** The columns after the vocabulary, in the order of COLUMNS: one definition for Markdown and CSV. */
function cellsOf(row: TableRow, status: string): string[] {
  return [row.code, row.description, row.canonical, status, row.stage, row.fidelity, row.note ?? '', row.ref];
}

function* rows(translator: Translator) {
  for (const { table } of translator.vocabularies.values()) {
    for (const row of table.rows) {
      const canonical = translator.canonicalByCode.get(row.canonical);
      yield { table, row, status: canonical?.status ?? '' };
    }
  }
}

/** The tables for people: one Markdown section per vocabulary, then the canonical vocabulary. */
export function renderMarkdown(translator: Translator): string {
  const out: string[] = ['# Rosetta mapping tables', ''];
  let current = '';
  for (const { table, row, status } of rows(translator)) {
    if (table.vocabulary !== current) {
      current = table.vocabulary;
      out.push(
        '',
        `## ${table.vocabulary} — ${table.title}`,
        '',
        `Table \`${table.table}\` v${table.version}; source: ${table.source}.`,
        '',
        '| code | vendor / spec meaning | canonical | status | stage | fidelity | note | reference |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
      );
    }
    out.push(`| ${cellsOf(row, status).map(escapeMd).join(' | ')} |`);
  }
  out.push('', `## Canonical outcomes v${translator.canonical.version}`, '');
  out.push(
    '| code | status | category | retryable | final | summary |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const c of translator.canonical.codes) {
    out.push(
      `| ${[c.code, c.status, c.category, String(c.retryable), String(c.final), c.summary].map(escapeMd).join(' | ')} |`,
    );
  }
  return `${out.join('\n')}\n`;
}

export function renderCsv(translator: Translator): string {
  const lines = [COLUMNS.join(',')];
  for (const { table, row, status } of rows(translator)) {
    const record = [table.vocabulary, ...cellsOf(row, status)];
    lines.push(record.map(escapeCsv).join(','));
  }
  return `${lines.join('\n')}\n`;
}
