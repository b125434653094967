import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from '@rosetta/kafka';
import type { Outcome } from '@rosetta/outcome-schema';
import type { OutcomeSource } from './outcome-source.ts';

/** A read_committed consumer that keeps every outcome whose key matches, so tests can wait for ids. */
export class OutcomeCollector implements OutcomeSource {
  readonly byId = new Map<string, Outcome>();
  readonly all: Outcome[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topic: string, keep: (key: string) => boolean): Promise<OutcomeCollector> {
    const consumer = kafka.consumer({
      groupId: `collector-${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
    });
    const collector = new OutcomeCollector(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    let assigned: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      assigned = resolve;
    });
    consumer.on(consumer.events.GROUP_JOIN, () => assigned());
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!keep(message.key?.toString() ?? '')) return;
        const outcome = JSON.parse(message.value?.toString() ?? '{}') as Outcome;
        collector.byId.set(outcome.id, outcome);
        collector.all.push(outcome);
      },
    });
    await ready;
    return collector;
  }

  /** The outcomes already received for these ids, in the order of the ids. */
  waitingIds(ids: readonly string[]): Outcome[] {
    return ids.map((id) => this.byId.get(id)).filter((o): o is Outcome => o !== undefined);
  }

  async waitFor(ids: readonly string[], timeoutMs: number): Promise<Outcome[]> {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => !this.byId.has(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    return ids.map((id) => this.byId.get(id)).filter((o): o is Outcome => o !== undefined);
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
