import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Follower } from '../port.ts';
import type { RecordHandler } from '../read-range.ts';
import { toIncoming } from './incoming.ts';

/** Per partition, the first offset at/after `since`, or the end when no record is that recent. */
async function offsetsSince(kafka: Kafka, topics: readonly string[], since: number) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const starts: { topic: string; partition: number; offset: string }[] = [];
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const { partition, offset } of await admin.fetchTopicOffsetsByTimestamp(topic, since)) {
        const end = ends.find((e) => e.partition === partition)?.high ?? offset;
        starts.push({ topic, partition, offset: Number(offset) < 0 ? end : offset });
      }
    }
    return starts;
  } finally {
    await admin.disconnect();
  }
}

/** kafkajs: a consumer in a fresh group that commits nothing, from the earliest offset (or `since`) on. */
export async function followTopics(
  kafka: Kafka,
  topics: readonly string[],
  onRecord: RecordHandler,
  since?: number,
): Promise<Follower> {
  const starts = since === undefined ? [] : await offsetsSince(kafka, topics, since);
  const consumer = kafka.consumer({ groupId: `rosetta-view-${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => onRecord(toIncoming(topic, partition, message)),
  });
  // Applied when the group hands the partitions over, before their first fetch.
  for (const start of starts) consumer.seek(start);
  return { stop: () => consumer.disconnect() };
}
