import canonicalSchema from '../schema/canonical-table.schema.json' with { type: 'json' };
import { MAPPINGS_ERRORS, MappingsError } from './errors.ts';
import { mappingsAjv } from './schemas.ts';
import type { CanonicalTable, TableRow, VocabularyTable } from './types.ts';

const validateVocabulary = mappingsAjv.compile<VocabularyTable>({
  $ref: 'https://rosetta.dev/schemas/vocabulary-table.schema.json',
});
const validateCanonical = mappingsAjv.compile<CanonicalTable>(canonicalSchema);

function fail(name: string, problems: string[]): never {
  throw new MappingsError(MAPPINGS_ERRORS.TABLE_INVALID, `${name}: ${problems.join('; ')}`);
}

export function checkCanonicalTable(candidate: unknown): CanonicalTable {
  if (!validateCanonical(candidate)) {
    fail(
      'canonical',
      (validateCanonical.errors ?? []).map((e) => `${e.instancePath} ${e.message}`),
    );
  }
  const seen = new Set<string>();
  const duplicates = candidate.codes.filter((c) => seen.has(c.code) || !seen.add(c.code)).map((c) => c.code);
  if (duplicates.length > 0) fail('canonical', [`duplicate codes ${duplicates.join(', ')}`]);
  if (!seen.has('UNMAPPED')) fail('canonical', ['the UNMAPPED code is missing']);
  return candidate;
}

function rangeProblems(rows: readonly TableRow[]): string[] {
  const problems: string[] = [];
  const ranged = rows.flatMap((row) => (row.range ? [{ row, range: row.range }] : []));
  for (const [i, { row, range }] of ranged.entries()) {
    if (row.code !== `${range.prefix}${range.from}-${range.to}`)
      problems.push(`${row.code}: range does not match the code`);
    if (range.from > range.to) problems.push(`${row.code}: empty range`);
    for (const { row: other, range: o } of ranged.slice(i + 1)) {
      if (o.prefix === range.prefix && o.from <= range.to && range.from <= o.to) {
        problems.push(`${row.code} overlaps ${other.code}`);
      }
    }
    for (const single of rows) {
      const match = /^(.*?)(-?\d+)$/.exec(single.code);
      if (single.range || !match) continue;
      const n = Number(match[2]);
      if (match[1] === range.prefix && n >= range.from && n <= range.to)
        problems.push(`${single.code} lies inside ${row.code}`);
    }
  }
  return problems;
}

/** Schema, duplicate keys, overlapping ranges, dangling canonical codes: a table passing this is safe to load. */
export function checkVocabularyTable(
  candidate: unknown,
  canonical: CanonicalTable,
  name: string,
): VocabularyTable {
  if (!validateVocabulary(candidate)) {
    fail(
      name,
      (validateVocabulary.errors ?? []).map((e) => `${e.instancePath} ${e.message}`),
    );
  }
  const known = new Set(canonical.codes.map((c) => c.code));
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const row of candidate.rows) {
    if (seen.has(row.code)) problems.push(`duplicate code ${row.code}`);
    seen.add(row.code);
    if (!known.has(row.canonical))
      problems.push(`${row.code}: canonical code ${row.canonical} does not exist`);
    if (row.canonical === 'UNMAPPED') problems.push(`${row.code}: a row cannot map to UNMAPPED`);
  }
  problems.push(...rangeProblems(candidate.rows));
  if (problems.length > 0) fail(name, problems);
  return candidate;
}
