import { describe, expect, it } from 'vitest';
import { MappingsError } from './errors.ts';
import { checkProfile, readTables, standardTranslator } from './load.ts';
import type { Profile } from './profiles.ts';
import { createTranslator } from './translator.ts';

const { canonical, tables, profiles } = readTables();

describe('table versions in the translator', () => {
  it('translates with the newest published version; every version stays available', () => {
    const translator = standardTranslator();
    const pelion = translator.translate('pelion-update', 'deployment/deployed');
    expect(pelion).toMatchObject({ table: 'PELION_EVENT_TO_OUTCOME', version: '1.1.0', fidelity: 'broader' });
    expect([...(translator.versions.get('pelion-update')?.keys() ?? [])].sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('a profile that pins a version falls back to that version, not the newest', () => {
    const pinned: Profile = {
      name: 'pelion-pinned',
      version: '1.0.0',
      vocabulary: 'pelion-update',
      description: 'devices still read with the first published Pelion table',
      tableVersion: '1.0.0',
      rows: [
        {
          code: 'UPD4_FAIL_504',
          description: 'test row',
          canonical: 'PACKAGE_INTEGRITY_FAILED',
          stage: 'verify',
          fidelity: 'exact',
          ref: 'test',
        },
      ],
    };
    const translator = createTranslator(canonical, tables, [
      ...profiles,
      checkProfile(pinned, canonical, 'pinned', tables),
    ]);
    // 1.0.0 has no row for the campaign states that 1.1.0 added.
    expect(translator.translate('pelion-update', 'deployment/deployed', 'pelion-pinned')).toMatchObject({
      version: '1.0.0',
      fidelity: 'unmapped',
    });
    expect(translator.translate('pelion-update', 'deployment/deployed')).toMatchObject({
      version: '1.1.0',
      fidelity: 'broader',
    });
    expect(translator.translate('pelion-update', 'UPD4_FAIL_504', 'pelion-pinned')).toMatchObject({
      version: '1.0.0',
      profile: 'pelion-pinned',
    });
  });

  it('a profile pinning a version that was never published is refused at load', () => {
    const stray = { ...profiles[0], name: 'stray', tableVersion: '9.9.9' };
    expect(() => checkProfile(stray, canonical, 'stray.json', tables)).toThrow(MappingsError);
    expect(() => checkProfile(stray, canonical, 'stray.json', tables)).toThrow(/never published/);
  });
});
