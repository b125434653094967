import { randomUUID } from 'node:crypto';
import { Consumer, FetchIsolationLevels } from '@platformatic/kafka';
import type { Follower, KafkaConnection } from '../port.ts';
import type { RecordHandler } from '../read-range.ts';
import { type RawMessage, toIncoming } from './incoming.ts';
import { baseOptions } from './options.ts';

/** @platformatic/kafka: a consumer in a fresh group that commits nothing, from the earliest offset on. */
export async function followTopics(
  connection: KafkaConnection,
  topics: readonly string[],
  onRecord: RecordHandler,
): Promise<Follower> {
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    ...baseOptions(connection),
    groupId: `rosetta-view-${randomUUID()}`,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    maxWaitTime: 100,
    autocommit: false,
  });
  const stream = await consumer.consume({ topics: [...topics], mode: 'earliest', autocommit: false });
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
