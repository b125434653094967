import type { Kafka, KafkaMessage } from 'kafkajs';
import { GroupCommit } from './group-commit.ts';
import { decodeHeaders } from './headers.ts';
import type { OutgoingRecord } from './producer.ts';

export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface TransactionalPipelineOptions {
  kafka: Kafka;
  groupId: string;
  /** Stable per instance: a restarted instance with the same id fences its zombie predecessor. */
  transactionalId: string;
  topics: readonly string[];
  /** Pure: one input record → the records to produce (possibly none). Must not throw. */
  transform: (record: IncomingRecord) => OutgoingRecord[];
  /** Input records per partition handed to one commit round; caps the size of a transaction. */
  maxRecordsPerTransaction?: number;
  /** Partitions processed concurrently, all joining the same commit rounds. */
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  onCommitted?: (stats: { records: number; produced: number }) => void;
  /** A commit round failed; kafkajs retries the batch (or crashes, then `onFatal`). */
  onCommitFailed?: (error: Error) => void;
  /**
   * The pipeline stopped processing: the client gave up after a non-retriable error, or a commit failed. Its owner
   * stops it and starts a new one, which resumes from the committed offsets (never an in-process retry of the
   * batch: after a commit whose outcome is unknown, that could write the outputs twice).
   */
  onFatal?: (error: Error) => void;
}

export interface TransactionalPipeline {
  stop(): Promise<void>;
}

function toIncoming(topic: string, partition: number, message: KafkaMessage): IncomingRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: decodeHeaders(message.headers),
    timestamp: message.timestamp,
  };
}

/**
 * Consume-transform-produce in Kafka transactions: outputs and the consumed offsets commit atomically
 * (read_committed input, offsets sent in the transaction), so a crash anywhere gives neither loss nor duplicates.
 * Output order per input partition follows input order: a partition's next chunk waits for its previous commit.
 */
export async function startTransactionalPipeline(
  options: TransactionalPipelineOptions,
): Promise<TransactionalPipeline> {
  const { kafka, groupId, transform } = options;
  const chunkSize = options.maxRecordsPerTransaction ?? 1000;
  const producer = kafka.producer({
    transactionalId: options.transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    // The broker answers CONCURRENT_TRANSACTIONS while it completes the previous commit; kafkajs's default
    // 100-300 ms back-off would then dominate latency, so retry fast.
    retry: { initialRetryTime: 5, maxRetryTime: 500, retries: 20 },
  });
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    sessionTimeout: 10_000, // a pipeline restarted after an outage rejoins as a new member: keep the wait for the old one short
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 100,
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
  const commits = new GroupCommit(producer, groupId);
  let failed: Error | undefined;
  const fail = (error: Error) => {
    if (failed) return;
    failed = error;
    options.onFatal?.(error);
  };
  // kafkajs restarts itself after retriable errors; after any other it stops for good.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) fail(payload.error);
  });

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 8,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (let start = 0; start < batch.messages.length; start += chunkSize) {
        if (failed || !isRunning() || isStale()) return;
        const chunk = batch.messages.slice(start, start + chunkSize);
        const outputs = chunk.flatMap((message) =>
          transform(toIncoming(batch.topic, batch.partition, message)),
        );
        const last = chunk[chunk.length - 1]!;
        await commits
          .submit({
            outputs,
            consumed: {
              topic: batch.topic,
              partition: batch.partition,
              nextOffset: String(BigInt(last.offset) + 1n),
            },
          })
          .catch((error: Error) => {
            options.onCommitFailed?.(error);
            fail(error);
            throw error;
          });
        resolveOffset(last.offset);
        options.onCommitted?.({ records: chunk.length, produced: outputs.length });
        await heartbeat();
      }
    },
  });

  return {
    async stop() {
      // consumer.disconnect() waits for the running batches (and their commit round) to finish first.
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
