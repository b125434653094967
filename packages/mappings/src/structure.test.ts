import { describe, expect, it } from 'vitest';
import { standardTranslator } from './load.ts';

// The structure the vendors built in, made explicit: a row that departs from it must say why in its note.
const translator = standardTranslator();
const rowsOf = (v: 'knox-efota' | 'pelion-update') => translator.vocabularies.get(v)?.table.rows ?? [];

describe('cross-vocabulary structure', () => {
  it('E-FOTA -24xx/-25xx are negated FUMO codes: same canonical code, or a note explaining the difference', () => {
    const checked = rowsOf('knox-efota').filter((row) => /^-2[45]\d\d$/.test(row.code));
    expect(checked.length).toBeGreaterThan(15);
    for (const row of checked) {
      const fumo = translator.translate('omadm-fumo', String(-Number(row.code) - 2000));
      if (fumo.canonical.code !== row.canonical) expect(row.note, row.code).toMatch(/Differs|but/);
    }
  });

  it('Pelion UPD1 rows restate LwM2M Object 5 Update Result values with the same canonical code', () => {
    const upd1 = rowsOf('pelion-update').filter((row) => row.code.startsWith('UPD1_'));
    expect(upd1.length).toBe(7);
    for (const row of upd1) {
      const value = row.code.split('_').at(-1) ?? '';
      expect(translator.translate('lwm2m-fw', value).canonical.code, row.code).toBe(row.canonical);
    }
  });

  it('every canonical code except UNMAPPED and those Rosetta infers is used by at least one row', () => {
    const used = new Set(
      [...translator.vocabularies.values()].flatMap((v) => v.table.rows.map((r) => r.canonical)),
    );
    const unused = translator.canonical.codes.filter((c) => !used.has(c.code));
    expect(unused.filter((c) => c.inferredBy === undefined).map((c) => c.code)).toEqual(['UNMAPPED']);
    expect(unused.filter((c) => c.inferredBy !== undefined).map((c) => c.code)).toEqual(['UPDATE_TIMED_OUT']);
  });

  it("each canonical code's preferred counterparts exist and map back to it exactly", () => {
    for (const canonical of translator.canonical.codes) {
      for (const [vocabulary, code] of Object.entries(canonical.preferred ?? {})) {
        const back = translator.translate(vocabulary as 'knox-efota', code);
        expect(back.canonical.code, `${vocabulary} ${code}`).toBe(canonical.code);
        expect(back.fidelity).toBe('exact');
      }
    }
  });
});
