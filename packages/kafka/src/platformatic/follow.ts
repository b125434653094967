import { randomUUID } from 'node:crypto';
import { Consumer, FetchIsolationLevels, ListOffsetTimestamps } from '@platformatic/kafka';
import type { Follower, KafkaConnection } from '../port.ts';
import type { RecordHandler } from '../read-range.ts';
import { type RawMessage, toIncoming } from './incoming.ts';
import { baseOptions } from './options.ts';

type FollowConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>;

/** Per partition, the first offset at/after `since`, or the end when no record is that recent. */
async function offsetsSince(consumer: FollowConsumer, topics: readonly string[], since: number) {
  const list = (timestamp: bigint) =>
    consumer.listOffsets({
      topics: [...topics],
      timestamp,
      isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
    });
  const [atTime, ends] = [await list(BigInt(since)), await list(ListOffsetTimestamps.LATEST)];
  return topics.flatMap((topic) =>
    (ends.get(topic) ?? []).map((end, partition) => {
      const offset = atTime.get(topic)?.[partition] ?? end;
      return { topic, partition, offset: offset < 0n ? end : offset };
    }),
  );
}

/** @platformatic/kafka: a consumer in a fresh group that commits nothing, from the earliest offset (or `since`) on. */
export async function followTopics(
  connection: KafkaConnection,
  topics: readonly string[],
  onRecord: RecordHandler,
  since?: number,
): Promise<Follower> {
  const consumer: FollowConsumer = new Consumer({
    ...baseOptions(connection),
    groupId: `rosetta-view-${randomUUID()}`,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    maxWaitTime: 100,
    autocommit: false,
  });
  const stream = await consumer.consume(
    since === undefined
      ? { topics: [...topics], mode: 'earliest', autocommit: false }
      : {
          topics: [...topics],
          mode: 'manual',
          offsets: await offsetsSince(consumer, topics, since),
          autocommit: false,
        },
  );
  const loop = (async () => {
    for await (const message of stream as AsyncIterable<RawMessage>) await onRecord(toIncoming(message));
  })();
  return {
    stop: async () => {
      await stream.close().catch(() => undefined);
      await loop.catch(() => undefined);
      await consumer.close(true);
    },
  };
}
