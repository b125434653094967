import { describe, expect, it } from 'vitest';
import { standardTranslator } from './load.ts';
import { diffTables, renderTableDiff } from './table-diff.ts';
import type { VocabularyTable } from './types.ts';

const row = (code: string, canonical: string) => ({
  code,
  description: code,
  canonical,
  stage: 'install' as const,
  fidelity: 'exact' as const,
  ref: 'r',
});
const table = (version: string, rows: VocabularyTable['rows'], title = 'T'): VocabularyTable => ({
  vocabulary: 'omadm-fumo',
  table: 'X',
  version,
  title,
  source: 's',
  operation: 'firmware_update',
  unmapped: [],
  rows,
});

describe('diffTables', () => {
  it('lists added, removed and changed rows and table fields', () => {
    const diff = diffTables(
      table('1.0.0', [row('1', 'A'), row('2', 'B')]),
      table('1.1.0', [row('1', 'C'), row('3', 'D')], 'T2'),
    );
    expect(diff.added.map((r) => r.code)).toEqual(['3']);
    expect(diff.removed.map((r) => r.code)).toEqual(['2']);
    expect(diff.changed).toEqual([{ code: '1', fields: [{ field: 'canonical', from: 'A', to: 'C' }] }]);
    expect(diff.table).toEqual([{ field: 'title', from: 'T', to: 'T2' }]);
    expect(renderTableDiff(diff)).toBe(
      [
        'omadm-fumo 1.0.0 → 1.1.0',
        '  table title: "T" → "T2"',
        '  + 3 → D (exact, install)',
        '  - 2 → B',
        '  ~ 1: canonical "A" → "C"',
        '',
      ].join('\n'),
    );
  });

  it('Pelion 1.0.0 → 1.1.0: the six campaign deployment states, nothing else', () => {
    const pelion = standardTranslator().versions.get('pelion-update');
    const [from, to] = [pelion?.get('1.0.0')?.table, pelion?.get('1.1.0')?.table];
    if (!from || !to) throw new Error('both Pelion versions must be published');
    const diff = diffTables(from, to);
    expect(diff.added.map((r) => r.code)).toEqual([
      'deployment/pending',
      'deployment/updated_connector_channel',
      'deployment/failed_connector_channel_update',
      'deployment/deployed',
      'deployment/manifestremoved',
      'deployment/deregistered',
    ]);
    expect([diff.removed, diff.changed, diff.table]).toEqual([[], [], []]);
  });
});
