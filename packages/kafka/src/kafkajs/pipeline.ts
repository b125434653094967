import type { Kafka } from 'kafkajs';
import { CommittedPositions } from '../committed-positions.ts';
import { type ConsumedPosition, inTransaction, splitBySize } from '../group-commit.ts';
import { type PartitionWriterSource, PartitionWriters } from '../partition-writers.ts';
import { type StableOffsetReader, stableOffsetReader } from '../platformatic/stable-offsets.ts';
import type { KafkaConnection, TransactionalPipeline, TransactionalPipelineOptions } from '../port.ts';
import { toIncoming } from './incoming.ts';
import { topicMessages, transactionalProducer } from './publisher.ts';

/** kafkajs producers, one per input partition, each committing its partition's offsets in its transactions. */
function writerSource(
  kafka: Kafka,
  offsets: StableOffsetReader,
  groupId: string,
): PartitionWriterSource<ConsumedPosition> {
  return {
    async open(transactionalId) {
      const producer = await transactionalProducer(kafka, transactionalId, 20);
      // The first transaction() sends InitProducerId; an empty transaction ends without a request.
      await (await producer.transaction()).abort();
      return {
        commit: async (outputs, consumed) =>
          inTransaction(await producer.transaction(), async (transaction) => {
            for (const run of splitBySize(outputs))
              await transaction.sendBatch({ acks: -1, topicMessages: topicMessages(run) });
            if (consumed)
              await transaction.sendOffsets({
                consumerGroupId: groupId,
                topics: [
                  {
                    topic: consumed.topic,
                    partitions: [{ partition: consumed.partition, offset: consumed.nextOffset }],
                  },
                ],
              });
          }),
        close: () => producer.disconnect(),
      };
    },
    committedOffset: (topic, partition) => offsets.read(groupId, topic, partition),
  };
}

/**
 * Consume-transform-produce in Kafka transactions: outputs and the consumed offsets commit atomically
 * (read_committed input, offsets sent in the transaction), so a crash anywhere gives neither loss nor duplicates.
 * Each input partition has its own transactional producer (PartitionWriters), so a replica that takes a partition
 * over fences the one that had it, frozen or not. Output order per input partition follows input order: a
 * partition's next chunk waits for its previous commit.
 */
export async function startTransactionalPipeline(
  kafka: Kafka,
  connection: KafkaConnection,
  options: TransactionalPipelineOptions,
): Promise<TransactionalPipeline> {
  const { groupId, transform } = options;
  const chunkSize = options.maxRecordsPerTransaction ?? 1000;
  let failed: Error | undefined;
  let stopping = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = error;
    options.onFatal?.(error);
  };
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    sessionTimeout: 10_000, // a pipeline restarted after an outage rejoins as a new member: keep the wait for the old one short
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 100,
    // kafkajs restarts a crashed consumer on a timer it sets after its own disconnect; a pipeline that has failed or
    // is stopping must not come back as a zombie member that holds partitions and processes nothing (seen after a
    // broker SIGKILL: a third of the partitions stalled with no error).
    retry: { restartOnFailure: async () => !failed && !stopping },
  });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = stableOffsetReader(connection, async (group, topic, partition) => {
    const [found] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const offset = found?.partitions.find((p) => p.partition === partition)?.offset;
    return offset === undefined || offset === '-1' ? undefined : BigInt(offset);
  });
  const committed = options.committedPositions ?? new CommittedPositions();
  const writers = new PartitionWriters(
    writerSource(kafka, offsets, groupId),
    groupId,
    committed,
    options.partitionHooks,
    (error) => fail(error),
  );
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
    writers.assigned(
      Object.entries(payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions })),
    ),
  );
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
  // kafkajs restarts itself after retriable errors; after any other it stops for good.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) fail(payload.error);
  });

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 8,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (failed || !isRunning() || isStale() || !writers.owns(batch.topic, batch.partition)) return;
      await writers.claim(batch.topic, batch.partition).catch((error: Error) => {
        fail(error);
        throw error;
      });
      // What is already committed comes first in the batch (offsets only grow): skip past it.
      const firstNew = batch.messages.findIndex(
        (m) => !committed.done(batch.topic, batch.partition, m.offset),
      );
      const fresh = firstNew === -1 ? [] : batch.messages.slice(firstNew);
      const lastDone = batch.messages[(firstNew === -1 ? batch.messages.length : firstNew) - 1];
      if (lastDone) resolveOffset(lastDone.offset);
      for (let start = 0; start < fresh.length; start += chunkSize) {
        if (failed || !isRunning() || isStale()) return;
        const chunk = fresh.slice(start, start + chunkSize);
        const outputs = chunk.flatMap((message) =>
          transform(toIncoming(batch.topic, batch.partition, message)),
        );
        const last = chunk.at(-1);
        if (!last) return;
        await writers
          .commit(batch.topic, batch.partition, outputs, {
            topic: batch.topic,
            partition: batch.partition,
            nextOffset: String(BigInt(last.offset) + 1n),
          })
          .catch((error: Error) => {
            options.onCommitFailed?.(error);
            fail(error);
            throw error;
          });
        committed.advance(batch.topic, batch.partition, BigInt(last.offset) + 1n);
        resolveOffset(last.offset);
        options.onCommitted?.({ records: chunk.length, produced: outputs.length });
        await heartbeat();
      }
    },
  });

  return {
    async commit(topic, partition, outputs) {
      if (failed || stopping || !writers.owns(topic, partition)) return;
      await writers.commit(topic, partition, outputs).catch((error: Error) => {
        options.onCommitFailed?.(error);
        fail(error);
        throw error;
      });
    },
    async stop() {
      stopping = true;
      // consumer.disconnect() waits for the running batches (and their commit round) to finish first.
      await consumer.disconnect();
      await writers.close();
      await offsets.close();
      await admin.disconnect();
    },
  };
}
