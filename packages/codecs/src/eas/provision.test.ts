import { describe, expect, it } from 'vitest';
import { EAS_ERRORS, EasCodecError } from './errors.ts';
import { PROVISION_SAMPLES } from './provision.samples.ts';
import { decodeProvision } from './provision.ts';

function refusal(xml: string): string {
  try {
    decodeProvision(xml);
  } catch (error) {
    if (error instanceof EasCodecError) return error.code;
    throw error;
  }
  throw new Error('expected an EasCodecError');
}

describe('decodeProvision (MS-ASPROV)', () => {
  it('reads a server response: Provision and Policy status', () => {
    expect(decodeProvision(PROVISION_SAMPLES.serverResponse)).toEqual({
      provision: '1',
      policy: '5',
    });
  });

  it('reads a client acknowledgment with the device information it carries', () => {
    expect(decodeProvision(PROVISION_SAMPLES.clientAcknowledgment)).toEqual({
      policyAck: '2',
      model: 'SM-S918B',
      imei: '356938035643809',
    });
  });

  it('reads a remote-wipe status', () => {
    expect(decodeProvision(PROVISION_SAMPLES.remoteWipe)).toEqual({ wipe: '2' });
  });

  it('refuses a DTD, malformed XML, another root and a Provision without any status, each with its code', () => {
    expect(refusal(PROVISION_SAMPLES.doctype)).toBe(EAS_ERRORS.DTD_FORBIDDEN);
    expect(refusal(PROVISION_SAMPLES.malformed)).toBe(EAS_ERRORS.MALFORMED);
    expect(refusal(PROVISION_SAMPLES.tooDeep)).toBe(EAS_ERRORS.MALFORMED);
    expect(refusal('<Sync><Status>1</Status></Sync>')).toBe(EAS_ERRORS.NOT_PROVISION);
    expect(refusal('<Provision><Policies><Policy><Status> </Status></Policy></Policies></Provision>')).toBe(
      EAS_ERRORS.NO_STATUS,
    );
  });
});
