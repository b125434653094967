import { describe, expect, it } from 'vitest';
import { coverage } from './coverage.ts';
import { standardTranslator } from './load.ts';
import { renderCsv, renderMarkdown } from './render.ts';

const translator = standardTranslator();

describe('tables for people', () => {
  it('renders Markdown with a section per vocabulary and the vendor meaning beside each code', () => {
    const md = renderMarkdown(translator);
    expect(md).toContain('## knox-efota — Samsung Knox E-FOTA Advanced error codes');
    expect(md).toContain(
      '| -2402 | The firmware update package is corrupt. | PACKAGE_INTEGRITY_FAILED | failed | verify | exact |',
    );
    expect(md).toContain('| UPD4_FAIL_310-314 | User-defined errors. | VENDOR_DEFINED_ERROR |');
  });

  it('renders CSV with one line per row and quoting where needed', () => {
    const csv = renderCsv(translator).trim().split('\n');
    const rows = [...translator.vocabularies.values()].reduce((n, v) => n + v.table.rows.length, 0);
    expect(csv).toHaveLength(rows + 1);
    expect(csv).toContain(
      'omadm-fumo,402,"Corrupted Firmware Update Package: Corrupted firmware update package, did not store correctly. Detected, for example, by mismatched CRCs between actual and expected.",PACKAGE_INTEGRITY_FAILED,failed,verify,exact,,000_d3793925528999a5.txt §6.2.4 Table 2',
    );
  });

  it('coverage counts rows by fidelity and lists canonical codes without a counterpart', () => {
    const fumo = coverage(translator).find((c) => c.vocabulary === 'omadm-fumo');
    expect(fumo?.rows).toBe(31);
    expect(fumo?.byFidelity).toEqual({ exact: 27, broader: 1, vendor_range: 3 });
    expect(fumo?.canonicalWithoutCounterpart).toContain('POLICY_NOT_COMPLIANT');
    expect(fumo?.canonicalWithoutCounterpart).not.toContain('PACKAGE_INTEGRITY_FAILED');
  });
});
