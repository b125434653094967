import { isVocabulary, VOCABULARIES, type Vocabulary } from '@rosetta/outcome-schema';
import { InvalidArgumentError } from 'commander';

/** commander argument parser: a vocabulary id or a clear error listing the allowed ones. */
export function parseVocabulary(value: string): Vocabulary {
  if (!isVocabulary(value))
    throw new InvalidArgumentError(`unknown vocabulary; use one of ${VOCABULARIES.join(', ')}`);
  return value;
}
