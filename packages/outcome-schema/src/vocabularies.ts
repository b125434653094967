import type { Source } from './outcome.generated.ts';

export type Vocabulary = Source['protocol'];

/** The six source vocabularies, in the order tools list them; a test checks this against the schema's enum. */
export const VOCABULARIES = [
  'omadm-fumo',
  'knox-efota',
  'pelion-update',
  'lwm2m-fw',
  'lwm2m-coap',
  'eas-provision',
] as const satisfies readonly Vocabulary[];

export function isVocabulary(value: string): value is Vocabulary {
  return (VOCABULARIES as readonly string[]).includes(value);
}
