import { validateOutcome } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { standardTranslator } from './load.ts';
import { toOutcome } from './to-outcome.ts';

const translator = standardTranslator();
const context = {
  tenant: 'acme',
  device: { id: 'IMEI:1' },
  recordId: 'r-1',
  receivedAt: '2026-11-21T10:00:00.000Z',
};

describe('toOutcome', () => {
  it('builds a schema-valid outcome carrying the table version and the raw code', () => {
    const outcome = toOutcome(translator.translate('knox-efota', '-2402'), {
      ...context,
      correlation: { campaignId: 'c1' },
    });
    expect(validateOutcome(outcome).ok).toBe(true);
    expect(outcome).toMatchObject({
      occurredAt: context.receivedAt,
      operation: { type: 'firmware_update', stage: 'verify', correlation: { campaignId: 'c1' } },
      source: {
        protocol: 'knox-efota',
        code: '-2402',
        description: 'The firmware update package is corrupt.',
      },
      mapping: { table: 'KNOX_EFOTA_ERROR_TO_OUTCOME', version: '1.0.0', fidelity: 'exact' },
    });
  });

  it('is deterministic per record and index, so a redelivery gets the same id', () => {
    const t = translator.translate('omadm-fumo', '402');
    expect(toOutcome(t, context).id).toBe(toOutcome(t, context).id);
    expect(toOutcome(t, { ...context, index: 1 }).id).not.toBe(toOutcome(t, context).id);
  });

  it('an UNMAPPED outcome is still schema-valid', () => {
    const outcome = toOutcome(translator.translate('lwm2m-fw', '99'), { ...context, previousCode: '3' });
    expect(validateOutcome(outcome)).toMatchObject({ ok: true });
    expect(outcome.outcome.status).toBe('unknown');
  });
});
