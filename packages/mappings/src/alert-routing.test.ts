import { describe, expect, it } from 'vitest';
import { checkAlertRouting, omadmAlertRouting, routeAlert } from './alert-routing.ts';
import { codeKey } from './code-keys.ts';
import { MappingsError } from './errors.ts';

describe('OMA-DM Generic Alert routing (data)', () => {
  it('routes FUMO and SCOMO types, case and surrounding space aside, first matching row first', () => {
    expect(routeAlert(' org.openmobilealliance.dm.FirmwareUpdate.DownloadAndUpdate ')).toMatchObject({
      operation: 'firmware_update',
      vocabulary: 'omadm-fumo',
    });
    expect(routeAlert('org.openmobilealliance.softwaremgmt.remove')?.operation).toBe('software_remove');
    expect(routeAlert('org.openmobilealliance.softwaremgmt.download')?.operation).toBe('software_install');
  });

  it('gives nothing for types that carry no result', () => {
    expect(routeAlert('com.microsoft.mdm.win32csp_install')).toBeUndefined();
    expect(routeAlert(undefined)).toBeUndefined();
    expect(routeAlert('')).toBeUndefined();
  });

  it('is validated: a row with an unknown operation or vocabulary is refused', () => {
    const table = omadmAlertRouting();
    const bad = (row: object) => ({ ...table, rows: [{ ...table.rows[0], ...row }] });
    expect(() => checkAlertRouting(bad({ operation: 'teleport' }), 'bad.json')).toThrow(MappingsError);
    expect(() => checkAlertRouting(bad({ vocabulary: 'smoke-signals' }), 'bad.json')).toThrow(/vocabulary/);
  });

  it('every routed vocabulary declares the "result" code key the OMA-DM adapter builds', () => {
    for (const row of omadmAlertRouting().rows) expect(codeKey(row.vocabulary, 'result', '200')).toBe('200');
  });
});
