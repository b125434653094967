import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from '@rosetta/kafka';

/**
 * Reads a topic from the beginning with a fresh read_committed consumer group until `count` messages match,
 * or `timeoutMs` passes; returns what matched (so a test sees a short count instead of hanging).
 */
export async function readUntil(
  kafka: Kafka,
  topic: string,
  matches: (message: KafkaMessage) => boolean,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, readUncommitted: false });
  const found: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (matches(message)) found.push(message);
        if (found.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return found;
}
