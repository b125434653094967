import type { OutgoingRecord, RecordPublisher } from '@rosetta/kafka';
import { standardTranslator, type Translator } from '@rosetta/mappings';
import { normalize } from '@rosetta/normalize';
import type { Outcome } from '@rosetta/outcome-schema';
import type { OutcomeSource } from './outcome-source.ts';

/**
 * A publisher that runs each raw record through `normalize()` the moment an adapter publishes it and keeps the
 * outcomes (and dead letters) in memory: contract cases checked from adapter input to canonical outcome without a
 * broker. What Kafka adds (acks, transactions, ordering across processes) is the Kafka run's job.
 */
export class NormalizingPublisher implements RecordPublisher, OutcomeSource {
  readonly all: Outcome[] = [];
  readonly deadLetters: { stage: string; error: string }[] = [];
  private readonly byId = new Map<string, Outcome>();
  private offset = 0;

  constructor(private readonly translator: Translator = standardTranslator()) {}

  async publish(records: readonly OutgoingRecord[]): Promise<void> {
    for (const record of records) {
      const normalized = normalize(
        {
          topic: record.topic,
          partition: 0,
          offset: String(this.offset++),
          key: Buffer.from(record.key),
          value: Buffer.isBuffer(record.value) ? record.value : Buffer.from(record.value),
          headers: record.headers ?? {},
          timestamp: String(Date.now()),
        },
        { translator: this.translator, now: () => new Date().toISOString() },
      );
      if (normalized.kind === 'dead-letter') {
        this.deadLetters.push({ stage: normalized.stage, error: normalized.error });
        continue;
      }
      for (const outcome of normalized.outcomes) {
        this.all.push(outcome);
        this.byId.set(outcome.id, outcome);
      }
    }
  }

  waitingIds(ids: readonly string[]): Outcome[] {
    return ids.map((id) => this.byId.get(id)).filter((o): o is Outcome => o !== undefined);
  }

  async close(): Promise<void> {}
}
