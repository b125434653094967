import type { Source } from './outcome.generated.ts';

export type Vocabulary = Source['protocol'];

/** The source vocabularies, in the order tools list them; a test checks this against the schema's enum. */
export const VOCABULARIES = [
  'omadm-fumo',
  'omadm-scomo',
  'knox-efota',
  'pelion-update',
  'lwm2m-fw',
  'lwm2m-sw',
  'lwm2m-coap',
  'eas-provision',
] as const satisfies readonly Vocabulary[];

export function isVocabulary(value: string): value is Vocabulary {
  return (VOCABULARIES as readonly string[]).includes(value);
}
