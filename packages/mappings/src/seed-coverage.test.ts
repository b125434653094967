import { VOCABULARIES } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { standardTranslator } from './load.ts';
import { seedCodes } from './seed-codes.ts';

const translator = standardTranslator();
const codes = seedCodes();

/** A listed range ("250-299", "UPD4_FAIL_310-314") counts as covered when every member resolves to that range's row. */
function members(code: string): string[] {
  const range = /^(.*?)(\d+)-(\d+)$/.exec(code);
  if (!range || code.startsWith('-')) return [code];
  const [, prefix = '', from = '0', to = '0'] = range;
  return Array.from({ length: Number(to) - Number(from) + 1 }, (_, i) => `${prefix}${Number(from) + i}`);
}

describe('every code in the seed documents has a row', () => {
  it('reads a plausible number of codes from each seed (so an empty parse cannot pass)', () => {
    expect(codes['omadm-fumo'].length).toBe(21);
    expect(codes['omadm-scomo'].length).toBe(20);
    expect(codes['knox-efota'].length).toBe(152);
    expect(codes['pelion-update'].length).toBe(82);
    expect(codes['lwm2m-fw'].length).toBe(7);
    expect(codes['lwm2m-sw'].length).toBe(20);
    expect(codes['lwm2m-coap'].length).toBe(65);
    expect(codes['eas-provision'].length).toBe(11);
  });

  it.each(VOCABULARIES)('%s', (vocabulary) => {
    const missing = codes[vocabulary].filter((code) =>
      members(code).some((member) => translator.translate(vocabulary, member).row?.code !== code),
    );
    expect(missing).toEqual([]);
  });

  it('each seed row keeps a description beside it and a reference', () => {
    for (const vocabulary of VOCABULARIES) {
      for (const code of codes[vocabulary]) {
        const { row } = translator.translate(vocabulary, members(code)[0] ?? code);
        expect(row?.description.length, `${vocabulary} ${code}`).toBeGreaterThan(3);
        expect(row?.ref.length, `${vocabulary} ${code}`).toBeGreaterThan(3);
      }
    }
  });

  it('every member of a vendor range maps with vendor_range fidelity', () => {
    for (const [vocabulary, code] of [
      ['omadm-fumo', '460'],
      ['omadm-fumo', '575'],
      ['omadm-fumo', '250'],
      ['omadm-scomo', '1260'],
      ['omadm-scomo', '1499'],
      ['omadm-scomo', '1550'],
      ['pelion-update', 'UPD4_FAIL_312'],
      ['pelion-update', 'UPD4_FAIL_405'],
      ['pelion-update', 'UPD4_FAIL_506'],
    ] as const) {
      expect(translator.translate(vocabulary, code).fidelity, code).toBe('vendor_range');
    }
  });
});
