import { describe, expect, it } from 'vitest';
import { readTables } from './load.ts';
import type { VocabularyTable } from './types.ts';
import { checkCanonicalTable, checkVocabularyTable } from './validate-tables.ts';

const { canonical, tables } = readTables();
const fumo = tables.find((t) => t.vocabulary === 'omadm-fumo') as VocabularyTable;
const withRows = (rows: VocabularyTable['rows']): VocabularyTable => ({
  ...fumo,
  rows: [...fumo.rows, ...rows],
});
const check = (table: unknown) => () => checkVocabularyTable(table, canonical, 'test.json');
const base = { description: 'x', stage: 'verify', fidelity: 'exact', ref: 'test' } as const;

describe('table validation at load', () => {
  it('accepts the shipped tables', () => {
    for (const table of tables) expect(check(table)).not.toThrow();
  });

  it('rejects a duplicate key', () => {
    expect(check(withRows([{ ...base, code: '402', canonical: 'PACKAGE_INTEGRITY_FAILED' }]))).toThrow(
      /ROSETTA_ERR_MAPPINGS_TABLE_INVALID: test.json: duplicate code 402/,
    );
  });

  it('rejects a dangling canonical code', () => {
    expect(check(withRows([{ ...base, code: '413', canonical: 'NO_SUCH_CODE' }]))).toThrow(
      /413: canonical code NO_SUCH_CODE does not exist/,
    );
  });

  it('rejects overlapping ranges and a single code inside a range', () => {
    const overlap = {
      ...base,
      code: '290-300',
      range: { prefix: '', from: 290, to: 300 },
      canonical: 'UPDATE_SUCCEEDED',
    };
    expect(check(withRows([overlap]))).toThrow(/250-299 overlaps 290-300/);
    expect(check(withRows([{ ...base, code: '460', canonical: 'DEVICE_ERROR' }]))).toThrow(
      /460 lies inside 450-499/,
    );
  });

  it('rejects a row that breaks the schema, naming the field', () => {
    expect(
      check(withRows([{ ...base, code: '413', canonical: 'DEVICE_ERROR', stage: 'teleport' as 'verify' }])),
    ).toThrow(/\/rows\/\d+\/stage must be equal to one of the allowed values/);
  });

  it('rejects a canonical table with duplicates or without UNMAPPED', () => {
    const [first] = canonical.codes;
    if (!first) throw new Error('the canonical table is empty');
    expect(() => checkCanonicalTable({ ...canonical, codes: [...canonical.codes, first] })).toThrow(
      /duplicate codes/,
    );
    expect(() =>
      checkCanonicalTable({ ...canonical, codes: canonical.codes.filter((c) => c.code !== 'UNMAPPED') }),
    ).toThrow(/UNMAPPED code is missing/);
  });
});
