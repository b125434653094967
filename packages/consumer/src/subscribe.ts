import { createKafka, decodeHeaders, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { type Classification, Deduplicator } from './dedup.ts';
import { decodeOutcomeEvent, type OutcomeEvent } from './event.ts';

export interface SubscribeOptions {
  brokers: string[];
  groupId: string;
  topic?: string;
  fromBeginning?: boolean;
  dedupCapacity?: number;
  /** Called for new events and corrections; duplicates are skipped (and counted). */
  onEvent: (event: OutcomeEvent, kind: Exclude<Classification, 'duplicate'>) => void | Promise<void>;
  /** Called for records that are not valid outcome events. */
  onInvalid?: (error: string, offset: string) => void;
}

export interface Subscription {
  counts: { new: number; correction: number; duplicate: number; invalid: number };
  stop(): Promise<void>;
}

/** Subscribes to the canonical topic (read_committed), decodes, validates and dedups each event. */
export async function subscribeOutcomes(options: SubscribeOptions): Promise<Subscription> {
  const kafka = createKafka({ brokers: options.brokers, clientId: `rosetta-consumer-${options.groupId}` });
  const consumer = kafka.consumer({ groupId: options.groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  const dedup = new Deduplicator(options.dedupCapacity);
  const counts = { new: 0, correction: 0, duplicate: 0, invalid: 0 };
  await consumer.connect();
  await consumer.subscribe({
    topic: options.topic ?? OUTCOMES_TOPIC,
    fromBeginning: options.fromBeginning ?? false,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeOutcomeEvent({
        key: message.key?.toString() ?? null,
        value: message.value,
        headers: decodeHeaders(message.headers),
      });
      if (!decoded.ok) {
        counts.invalid += 1;
        options.onInvalid?.(decoded.error, message.offset);
        return;
      }
      const kind = dedup.classify(decoded.event);
      counts[kind] += 1;
      if (kind !== 'duplicate') await options.onEvent(decoded.event, kind);
    },
  });
  return { counts, stop: () => consumer.disconnect() };
}
