import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { decodeHeaders } from '../headers.ts';
import type { Follower } from '../port.ts';
import type { RecordHandler } from '../read-range.ts';

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
    eachMessage: async ({ topic, partition, message }) =>
      onRecord({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        headers: decodeHeaders(message.headers),
        timestamp: message.timestamp,
      }),
  });
  return { stop: () => consumer.disconnect() };
}
