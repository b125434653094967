import { describe, expect, it } from 'vitest';
import { MappingsError } from './errors.ts';
import { standardTranslator } from './load.ts';

const translator = standardTranslator();
const pick = (t: ReturnType<typeof translator.translate>) => ({
  code: t.outcome.code,
  status: t.outcome.status,
  fidelity: t.fidelity,
});

describe('translate', () => {
  it("maps the user's example in three vocabularies to one outcome", () => {
    for (const [vocabulary, code] of [
      ['omadm-fumo', '402'],
      ['knox-efota', '-2402'],
      ['pelion-update', 'UPD4_FAIL_504'],
      ['lwm2m-fw', '5'],
    ] as const) {
      expect(pick(translator.translate(vocabulary, code)), `${vocabulary} ${code}`).toEqual({
        code: 'PACKAGE_INTEGRITY_FAILED',
        status: 'failed',
        fidelity: 'exact',
      });
    }
  });

  it('keeps distinct meanings distinct', () => {
    const code = (v: Parameters<typeof translator.translate>[0], c: string) =>
      translator.translate(v, c).outcome.code;
    expect(code('omadm-fumo', '402')).not.toBe(code('omadm-fumo', '404')); // integrity ≠ signature
    expect(code('omadm-fumo', '501')).not.toBe(code('omadm-fumo', '502')); // storage to download ≠ memory to install
    expect(code('knox-efota', '-2401')).not.toBe(code('knox-efota', '-1450')); // user cancel ≠ time-out
  });

  it('covers every LwM2M Object 5 Update Result of 1.0 and 1.1 (0–11) and State 0–3', () => {
    for (let n = 0; n <= 11; n++) expect(translator.translate('lwm2m-fw', String(n)).fidelity).toBe('exact');
    expect(translator.translate('lwm2m-fw', '10').outcome.status).toBe('cancelled');
    expect(translator.translate('lwm2m-fw', '11').outcome).toMatchObject({
      code: 'UPDATE_DEFERRED',
      final: false,
    });
    for (let n = 0; n <= 3; n++)
      expect(translator.translate('lwm2m-fw', `state/${n}`).outcome.status).toBe('in_progress');
  });

  it('writes codes as each vocabulary does: FUMO state, Pelion M1 and SYS, EAS element/status', () => {
    expect(pick(translator.translate('omadm-fumo', 'state/30'))).toEqual({
      code: 'DOWNLOADING',
      status: 'in_progress',
      fidelity: 'exact',
    });
    expect(translator.translate('pelion-update', 'UPD4_OK_M1').outcome.code).toBe('NO_RESULT_YET');
    expect(translator.translate('pelion-update', 'SYS_110').outcome.code).toBe('ALREADY_UP_TO_DATE');
    expect(translator.translate('pelion-update', 'UPD1_OK_1').outcome.code).toBe('UPDATE_SUCCEEDED');
    expect(translator.translate('eas-provision', 'provision/139').outcome.code).toBe('POLICY_NOT_COMPLIANT');
    expect(translator.translate('eas-provision', 'policy/5').outcome.code).toBe('POLICY_KEY_MISMATCH');
    expect(translator.translate('eas-provision', 'wipe/2').operation).toBe('remote_wipe');
  });

  it('gives the same CoAP code different meanings per operation (seed 004)', () => {
    expect(translator.translate('lwm2m-coap', 'register/4.03').outcome.code).toBe('REGISTRATION_DUPLICATE');
    expect(translator.translate('lwm2m-coap', 'write/4.15').outcome.code).toBe('CONTENT_FORMAT_UNSUPPORTED');
    expect(translator.translate('lwm2m-coap', 'execute/4.05').outcome.code).toBe('METHOD_NOT_ALLOWED');
    expect(translator.translate('lwm2m-coap', 'observe/4.06').outcome.code).toBe(
      'CONTENT_FORMAT_NOT_ACCEPTABLE',
    );
    expect(translator.translate('lwm2m-coap', 'bootstrap-delete/4.05').outcome.code).toBe(
      'METHOD_NOT_ALLOWED',
    );
    expect(translator.translate('lwm2m-coap', 'register/4.00').outcome.code).toBe('REGISTRATION_INVALID');
    expect(translator.translate('lwm2m-coap', 'deregister/4.00').outcome.code).toBe('UNDEFINED_ERROR');
  });

  it('resolves the generic 5.00 alone and after any operation, keeping the code as given', () => {
    expect(translator.translate('lwm2m-coap', '5.00').outcome.code).toBe('DEVICE_ERROR');
    const read = translator.translate('lwm2m-coap', 'read/5.00');
    expect(read.outcome.code).toBe('DEVICE_ERROR');
    expect(read.code).toBe('read/5.00');
  });

  it('matches vendor ranges and keeps the received code', () => {
    const t = translator.translate('omadm-fumo', '460');
    expect(t).toMatchObject({ code: '460', fidelity: 'vendor_range', outcome: { status: 'failed' } });
    expect(t.row?.code).toBe('450-499');
    expect(translator.translate('pelion-update', 'UPD4_FAIL_312').row?.code).toBe('UPD4_FAIL_310-314');
  });

  it('accepts codes padded with whitespace', () => {
    expect(translator.translate('knox-efota', ' -2402 ').outcome.code).toBe('PACKAGE_INTEGRITY_FAILED');
  });
});

describe('unknown codes are UNMAPPED, never thrown or guessed', () => {
  it.each([
    ['omadm-fumo', '418', 'failed'],
    ['omadm-fumo', '222', 'succeeded'],
    ['knox-efota', '-9999', 'failed'],
    ['pelion-update', 'UPD4_FAIL_999', 'failed'],
    ['pelion-update', 'UPD9_OK_7', 'succeeded'],
    ['lwm2m-coap', 'read/4.13', 'failed'],
    ['eas-provision', 'provision/177', 'failed'],
    ['lwm2m-fw', '42', 'unknown'],
    ['knox-efota', 'banana', 'unknown'],
  ] as const)('%s %s → UNMAPPED, %s', (vocabulary, code, status) => {
    const t = translator.translate(vocabulary, code);
    expect(t).toMatchObject({ code, fidelity: 'unmapped', description: null, row: undefined });
    expect(t.outcome).toMatchObject({ code: 'UNMAPPED', status });
  });

  it('throws a MappingsError only for an unknown vocabulary', () => {
    expect(() => translator.translate('snmp' as 'knox-efota', '1')).toThrow(MappingsError);
  });
});

describe('profiles override the standard rows for the devices assigned to them', () => {
  it('operator-fumo-403-deferred redefines 403 and leaves the rest standard', () => {
    const profiled = translator.translate('omadm-fumo', '403', 'operator-fumo-403-deferred');
    expect(profiled).toMatchObject({
      profile: 'operator-fumo-403-deferred',
      outcome: { code: 'UPDATE_DEFERRED' },
    });
    expect(translator.translate('omadm-fumo', '403').outcome.code).toBe('PACKAGE_DEVICE_MISMATCH');
    expect(translator.translate('omadm-fumo', '402', 'operator-fumo-403-deferred').outcome.code).toBe(
      'PACKAGE_INTEGRITY_FAILED',
    );
  });

  it('a profile for another vocabulary does not apply, and an unknown profile is an error', () => {
    expect(translator.translate('knox-efota', '403', 'operator-fumo-403-deferred').profile).toBeUndefined();
    expect(() => translator.translate('omadm-fumo', '403', 'nope')).toThrow(/UNKNOWN_PROFILE/);
  });
});

describe('hostile codes cost linear time', () => {
  const t = standardTranslator();

  it('a 100,000-digit code plus one letter is UNMAPPED without backtracking', () => {
    const translation = t.translate('pelion-update', `${'9'.repeat(100_000)}x`);
    expect(translation.fidelity).toBe('unmapped');
    expect(translation.outcome.summary.length).toBeLessThan(200);
  });

  it('still finds ranges after a numbered prefix, including negative numbers', () => {
    expect(t.translate('pelion-update', 'UPD4_FAIL_504').fidelity).not.toBe('unmapped');
    expect(t.translate('knox-efota', '-2402').outcome.code).toBe(
      t.translate('omadm-fumo', '402').outcome.code,
    );
  });
});
