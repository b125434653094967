import { describe, expect, it } from 'vitest';
import { crosswalk } from './crosswalk.ts';
import { standardTranslator } from './load.ts';

const translator = standardTranslator();

describe('crosswalk', () => {
  it('E-FOTA -2402 in FUMO is 402, exact and preferred', () => {
    const result = crosswalk(translator, 'knox-efota', '-2402', 'omadm-fumo');
    expect(result.candidates[0]).toMatchObject({ code: '402', fidelity: 'exact', preferred: true });
  });

  it('FUMO 402 crosses to Pelion UPD4_FAIL_504 first, then the other integrity codes', () => {
    const codes = crosswalk(translator, 'omadm-fumo', '402', 'pelion-update').candidates.map((c) => c.code);
    expect(codes[0]).toBe('UPD4_FAIL_504');
    expect(codes).toEqual(expect.arrayContaining(['UPD2_FAIL_12', 'UPD4_FAIL_406']));
  });

  it('a more specific source code crosses to a broader target code, and says so', () => {
    // Pelion 205 (connection loss during manifest validation) is narrower than LwM2M 4 (connection lost).
    const result = crosswalk(translator, 'pelion-update', 'UPD4_FAIL_205', 'lwm2m-fw');
    expect(result.candidates).toEqual([expect.objectContaining({ code: '4', fidelity: 'broader' })]);
  });

  it('works across the vocabularies', () => {
    expect(crosswalk(translator, 'lwm2m-fw', '1', 'knox-efota').candidates[0]?.code).toBe('900');
    expect(crosswalk(translator, 'lwm2m-coap', 'read/4.01', 'lwm2m-coap').candidates.length).toBeGreaterThan(
      3,
    );
    expect(
      crosswalk(translator, 'eas-provision', 'provision/3', 'knox-efota').candidates[0]?.code,
    ).toBeDefined();
  });

  it('SCOMO, Object 9 and Knox meet where their meanings agree', () => {
    const first = (
      from: Parameters<typeof crosswalk>[1],
      code: string,
      to: Parameters<typeof crosswalk>[3],
    ) => crosswalk(translator, from, code, to).candidates[0];
    expect(first('omadm-scomo', '1405', 'lwm2m-sw')).toMatchObject({ code: '58', fidelity: 'exact' });
    expect(first('lwm2m-sw', '53', 'lwm2m-fw')).toMatchObject({ code: '5', fidelity: 'exact' });
    expect(first('omadm-scomo', '1408', 'knox-efota')).toMatchObject({ code: '-1408', fidelity: 'exact' });
    expect(first('lwm2m-sw', '59', 'omadm-scomo')).toMatchObject({ code: '1408', fidelity: 'exact' });
    expect(first('omadm-scomo', '1402', 'omadm-fumo')).toMatchObject({ code: 'state/20', fidelity: 'exact' });
  });

  it('says there is no counterpart instead of guessing', () => {
    const result = crosswalk(translator, 'eas-provision', 'provision/139', 'omadm-fumo');
    expect(result.candidates).toEqual([]);
    expect(result.reason).toBe(
      `omadm-fumo has no code for POLICY_NOT_COMPLIANT (${result.source.canonical.summary})`,
    );
  });

  it('an unknown source code has no counterpart', () => {
    const result = crosswalk(translator, 'knox-efota', '-31337', 'omadm-fumo');
    expect(result.candidates).toEqual([]);
    expect(result.reason).toMatch(/not in the knox-efota table/);
  });
});
