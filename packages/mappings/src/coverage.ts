import type { Vocabulary } from '@rosetta/outcome-schema';
import type { Translator } from './translator.ts';
import type { Fidelity } from './types.ts';

export interface VocabularyCoverage {
  vocabulary: Vocabulary;
  table: string;
  version: string;
  rows: number;
  byFidelity: Partial<Record<Fidelity, number>>;
  /** Canonical codes that no row of this vocabulary maps to. */
  canonicalWithoutCounterpart: string[];
}

export function coverage(translator: Translator): VocabularyCoverage[] {
  const canonicalCodes = translator.canonical.codes.map((c) => c.code).filter((c) => c !== 'UNMAPPED');
  return [...translator.vocabularies.values()].map(({ table }) => {
    const byFidelity: Partial<Record<Fidelity, number>> = {};
    for (const row of table.rows) byFidelity[row.fidelity] = (byFidelity[row.fidelity] ?? 0) + 1;
    const used = new Set(table.rows.map((row) => row.canonical));
    return {
      vocabulary: table.vocabulary,
      table: table.table,
      version: table.version,
      rows: table.rows.length,
      byFidelity,
      canonicalWithoutCounterpart: canonicalCodes.filter((code) => !used.has(code)),
    };
  });
}
