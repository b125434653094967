import { Admin } from '@platformatic/kafka';
import type { KafkaConnection } from '../port.ts';
import { baseOptions } from './options.ts';

/**
 * A group's committed offset for one partition, read with require_stable (OffsetFetch v7+, KIP-447): while a
 * transaction holding offsets for the partition is still open or completing, the broker answers
 * UNSTABLE_OFFSET_COMMIT instead of the older offset. Without it a claim after a broker restart read the offset
 * from before the last commit, whose outcome the crashed writer never learned, and processed that chunk again.
 * kafkajs 2.2.4 cannot ask for stable offsets, so both pipelines read them here. When the offsets stay unstable past
 * the client's retries (an open transaction nobody completes until its timeout: seen after a broker SIGKILL), the
 * plain read is used, as before: that transaction's outputs never commit, so reading past it duplicates nothing.
 */
export function stableOffsetReader(
  connection: KafkaConnection,
  plainRead: (groupId: string, topic: string, partition: number) => Promise<bigint | undefined>,
) {
  const admin = new Admin(baseOptions({ ...connection, clientId: `${connection.clientId}-offsets` }));
  return {
    async read(groupId: string, topic: string, partition: number): Promise<bigint | undefined> {
      try {
        const [group] = await admin.listConsumerGroupOffsets({
          groups: [{ groupId, topics: [{ name: topic, partitionIndexes: [partition] }] }],
          requireStable: true,
        });
        const found = group?.topics
          .find((t) => t.name === topic)
          ?.partitions.find((p) => p.partitionIndex === partition)?.committedOffset;
        return found === undefined || found < 0n ? undefined : found;
      } catch {
        return plainRead(groupId, topic, partition);
      }
    },
    close: () => admin.close(),
  };
}

export type StableOffsetReader = ReturnType<typeof stableOffsetReader>;
