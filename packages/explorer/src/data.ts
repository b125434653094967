import { coverage, type Translator } from '@rosetta/mappings';

/** Everything the page needs, in one JSON document: the tables, the canonical vocabulary, and coverage. */
export function explorerData(translator: Translator) {
  return {
    canonical: translator.canonical,
    vocabularies: [...translator.vocabularies.values()].map(({ table }) => ({
      vocabulary: table.vocabulary,
      table: table.table,
      version: table.version,
      title: table.title,
      source: table.source,
      rows: table.rows.map(({ code, description, canonical, stage, fidelity, note, ref }) => ({
        code,
        description,
        canonical,
        stage,
        fidelity,
        note,
        ref,
      })),
    })),
    coverage: coverage(translator).map(({ vocabulary, rows, byFidelity, canonicalWithoutCounterpart }) => ({
      vocabulary,
      rows,
      byFidelity,
      canonicalWithoutCounterpart: canonicalWithoutCounterpart.length,
    })),
  };
}
