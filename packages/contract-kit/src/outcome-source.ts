import type { Outcome } from '@rosetta/outcome-schema';

/** Where a case's canonical outcomes are looked for: Kafka (OutcomeCollector) or in memory (NormalizingPublisher). */
export interface OutcomeSource {
  readonly all: readonly Outcome[];
  /** The outcomes already there for these ids, in the order of the ids. */
  waitingIds(ids: readonly string[]): Outcome[];
}
