import type { Vocabulary } from '@rosetta/outcome-schema';
import type { Translator } from './translator.ts';
import type { RowFidelity, TableRow, Translation } from './types.ts';

/** How a target code relates to the source code; approximate when both are narrower than the shared canonical code. */
export type CrosswalkFidelity = RowFidelity | 'approximate';

export interface CrosswalkCandidate {
  code: string;
  description: string;
  fidelity: CrosswalkFidelity;
  preferred: boolean;
  note?: string;
}

export interface Crosswalk {
  source: Translation;
  to: Vocabulary;
  candidates: CrosswalkCandidate[];
  /** Why there is no candidate, when there is none. */
  reason?: string;
}

// Row fidelity says how the canonical code relates to the row's code; composing source→canonical with
// canonical→target gives target relative to source. The table is data, so the rule is reviewable at a glance.
const COMPOSE: Record<RowFidelity, Record<RowFidelity, CrosswalkFidelity>> = {
  exact: { exact: 'exact', broader: 'narrower', narrower: 'broader', vendor_range: 'vendor_range' },
  broader: { exact: 'broader', broader: 'approximate', narrower: 'broader', vendor_range: 'vendor_range' },
  narrower: { exact: 'narrower', broader: 'narrower', narrower: 'approximate', vendor_range: 'vendor_range' },
  vendor_range: {
    exact: 'vendor_range',
    broader: 'vendor_range',
    narrower: 'vendor_range',
    vendor_range: 'vendor_range',
  },
};

const RANK: Record<CrosswalkFidelity, number> = {
  exact: 0,
  broader: 1,
  narrower: 2,
  approximate: 3,
  vendor_range: 4,
};

export function crosswalk(translator: Translator, from: Vocabulary, code: string, to: Vocabulary): Crosswalk {
  const source = translator.translate(from, code);
  if (source.fidelity === 'unmapped') {
    return {
      source,
      to,
      candidates: [],
      reason: `${code} is not in the ${from} table, so it has no counterpart`,
    };
  }
  const target = translator.vocabularies.get(to)?.table;
  const preferred = source.canonical.preferred?.[to];
  const candidates = (target?.rows ?? [])
    .filter(
      (row: TableRow) =>
        row.canonical === source.canonical.code && row.code !== (from === to ? source.code : ''),
    )
    .map((row) => ({
      code: row.code,
      description: row.description,
      fidelity: COMPOSE[source.fidelity as RowFidelity][row.fidelity],
      preferred: row.code === preferred,
      ...(row.note ? { note: row.note } : {}),
    }))
    .sort((a, b) => Number(b.preferred) - Number(a.preferred) || RANK[a.fidelity] - RANK[b.fidelity]);
  if (candidates.length > 0) return { source, to, candidates };
  return {
    source,
    to,
    candidates,
    reason: `${to} has no code for ${source.canonical.code} (${source.canonical.summary})`,
  };
}
