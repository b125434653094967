import type { TableRow, VocabularyTable } from './types.ts';

export interface RowChange {
  code: string;
  fields: { field: string; from: unknown; to: unknown }[];
}

export interface TableDiff {
  vocabulary: string;
  from: string;
  to: string;
  added: TableRow[];
  removed: TableRow[];
  changed: RowChange[];
  /** Table-level fields (rules, aliases, title, source, operation) whose value differs. */
  table: { field: string; from: unknown; to: unknown }[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function fieldChanges<T extends object>(from: T, to: T, ignore: readonly string[] = []) {
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((f) => !ignore.includes(f));
  return fields
    .map((field) => ({
      field,
      from: (from as Record<string, unknown>)[field],
      to: (to as Record<string, unknown>)[field],
    }))
    .filter((c) => !same(c.from, c.to));
}

/** What changed between two versions of one vocabulary's table, row by row (rows keyed by code). */
export function diffTables(from: VocabularyTable, to: VocabularyTable): TableDiff {
  const before = new Map(from.rows.map((r) => [r.code, r]));
  const after = new Map(to.rows.map((r) => [r.code, r]));
  const changed = [...after.values()].flatMap((row) => {
    const old = before.get(row.code);
    const fields = old ? fieldChanges(old, row) : [];
    return fields.length > 0 ? [{ code: row.code, fields }] : [];
  });
  return {
    vocabulary: to.vocabulary,
    from: from.version,
    to: to.version,
    added: to.rows.filter((r) => !before.has(r.code)),
    removed: from.rows.filter((r) => !after.has(r.code)),
    changed,
    table: fieldChanges(from, to, ['rows', 'version']),
  };
}

const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));

/** The diff for people: one line per added, removed or changed row. */
export function renderTableDiff(diff: TableDiff): string {
  const lines = [`${diff.vocabulary} ${diff.from} → ${diff.to}`];
  for (const c of diff.table) lines.push(`  table ${c.field}: ${show(c.from)} → ${show(c.to)}`);
  for (const r of diff.added) lines.push(`  + ${r.code} → ${r.canonical} (${r.fidelity}, ${r.stage})`);
  for (const r of diff.removed) lines.push(`  - ${r.code} → ${r.canonical}`);
  for (const c of diff.changed)
    lines.push(
      `  ~ ${c.code}: ${c.fields.map((f) => `${f.field} ${show(f.from)} → ${show(f.to)}`).join('; ')}`,
    );
  if (lines.length === 1) lines.push('  no difference');
  return `${lines.join('\n')}\n`;
}
