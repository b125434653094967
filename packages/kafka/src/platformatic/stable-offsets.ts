import { setTimeout as sleep } from 'node:timers/promises';
import { Admin } from '@platformatic/kafka';
import type { KafkaConnection } from '../port.ts';
import { baseOptions } from './options.ts';

/** How long a claim waits for the previous owner's transactional offsets to settle (its commit or abort). */
const SETTLE_MS = 30_000;

/**
 * A group's committed offset for one partition, read with require_stable (OffsetFetch v7+, KIP-447): while a
 * transaction holding offsets for the partition is still open or completing, the broker answers
 * UNSTABLE_OFFSET_COMMIT instead of the older offset. Without it a claim after a broker restart read the offset
 * from before the last commit, whose outcome the crashed writer never learned, and processed that chunk again.
 * kafkajs 2.2.4 cannot ask for stable offsets, so both pipelines read them here.
 */
export function stableOffsetReader(connection: KafkaConnection) {
  const admin = new Admin(baseOptions({ ...connection, clientId: `${connection.clientId}-offsets` }));
  return {
    async read(groupId: string, topic: string, partition: number): Promise<bigint | undefined> {
      const deadline = Date.now() + SETTLE_MS;
      for (let attempt = 1; ; attempt++) {
        try {
          const [group] = await admin.listConsumerGroupOffsets({
            groups: [{ groupId, topics: [{ name: topic, partitionIndexes: [partition] }] }],
            requireStable: true,
          });
          const found = group?.topics
            .find((t) => t.name === topic)
            ?.partitions.find((p) => p.partitionIndex === partition)?.committedOffset;
          return found === undefined || found < 0n ? undefined : found;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await sleep(Math.min(500, 20 * 2 ** attempt));
        }
      }
    },
    close: () => admin.close(),
  };
}

export type StableOffsetReader = ReturnType<typeof stableOffsetReader>;
