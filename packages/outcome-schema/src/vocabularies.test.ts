import { expect, it } from 'vitest';
import schema from '../schema/outcome.v1.schema.json' with { type: 'json' };
import { isVocabulary, VOCABULARIES } from './vocabularies.ts';

it('VOCABULARIES lists exactly the protocols the schema allows', () => {
  expect([...VOCABULARIES].sort()).toEqual([...schema.$defs.Source.properties.protocol.enum].sort());
  expect(isVocabulary('knox-efota')).toBe(true);
  expect(isVocabulary('snmp')).toBe(false);
});
