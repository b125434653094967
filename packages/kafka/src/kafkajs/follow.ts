import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Follower } from '../port.ts';
import type { RecordHandler } from '../read-range.ts';
import { toIncoming } from './incoming.ts';

/** kafkajs: a consumer in a fresh group that commits nothing, from the earliest offset on, for as long as it runs. */
export async function followTopics(
  kafka: Kafka,
  topics: readonly string[],
  onRecord: RecordHandler,
): Promise<Follower> {
  const consumer = kafka.consumer({ groupId: `rosetta-view-${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => onRecord(toIncoming(topic, partition, message)),
  });
  return { stop: () => consumer.disconnect() };
}
