import type { Translation } from '@rosetta/mappings';

/** The JSON shape `rosetta translate --json` prints for one code: the outcome fields without device context. */
export function translationJson(t: Translation) {
  return {
    source: { protocol: t.vocabulary, code: t.code, description: t.description },
    outcome: t.outcome,
    operation: { type: t.operation, stage: t.stage },
    mapping: {
      table: t.table,
      version: t.version,
      fidelity: t.fidelity,
      ...(t.profile ? { profile: t.profile } : {}),
    },
  };
}

export function translationText(t: Translation): string {
  const o = t.outcome;
  return [
    `${t.vocabulary} ${t.code}: ${t.description ?? '(not in the table)'}`,
    `→ ${o.code} — ${o.status}, category ${o.category}, ${o.retryable ? 'retryable' : 'not retryable'}, ${o.final ? 'final' : 'not final'}`,
    `  ${o.summary}`,
    `  stage ${t.stage}; fidelity ${t.fidelity}; ${t.table} v${t.version}${t.row?.note ? `\n  note: ${t.row.note}` : ''}`,
  ].join('\n');
}
