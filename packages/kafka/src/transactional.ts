import type { Kafka, KafkaMessage } from 'kafkajs';
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
  /** Input records per transaction; bigger batches amortize the commit, smaller ones cut latency. */
  maxRecordsPerTransaction?: number;
  fromBeginning?: boolean;
  onCommitted?: (stats: { records: number; produced: number }) => void;
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
 */
export async function startTransactionalPipeline(
  options: TransactionalPipelineOptions,
): Promise<TransactionalPipeline> {
  const { kafka, groupId, transform } = options;
  const chunkSize = options.maxRecordsPerTransaction ?? 500;
  const producer = kafka.producer({
    transactionalId: options.transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (let start = 0; start < batch.messages.length; start += chunkSize) {
        if (!isRunning() || isStale()) return;
        const chunk = batch.messages.slice(start, start + chunkSize);
        const outputs = chunk.flatMap((message) =>
          transform(toIncoming(batch.topic, batch.partition, message)),
        );
        const last = chunk[chunk.length - 1]!;
        const transaction = await producer.transaction();
        try {
          if (outputs.length > 0) {
            const byTopic = new Map<string, OutgoingRecord[]>();
            for (const record of outputs) {
              const list = byTopic.get(record.topic);
              if (list) list.push(record);
              else byTopic.set(record.topic, [record]);
            }
            await transaction.sendBatch({
              acks: -1,
              topicMessages: [...byTopic].map(([topic, records]) => ({
                topic,
                messages: records.map(({ key, value, headers }) => ({
                  key,
                  value,
                  ...(headers ? { headers } : {}),
                })),
              })),
            });
          }
          await transaction.sendOffsets({
            consumerGroupId: groupId,
            topics: [
              {
                topic: batch.topic,
                partitions: [{ partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }],
              },
            ],
          });
          await transaction.commit();
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw error;
        }
        resolveOffset(last.offset);
        options.onCommitted?.({ records: chunk.length, produced: outputs.length });
        await heartbeat();
      }
    },
  });

  return {
    async stop() {
      // consumer.disconnect() waits for the running batch (and its transaction) to finish first.
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
