import { type Normalizer, startNormalizer } from '@rosetta/normalizer';

/** A normalizer with its own consumer group and transactional id, so each test file reads its own view of the raw topics. */
export function startTestNormalizer(brokers: string[], name: string): Promise<Normalizer> {
  return startNormalizer({ brokers, groupId: `g-${name}`, log: () => undefined });
}
