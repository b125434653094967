import { CompressionTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { GroupCommit, inTransaction, splitBySize } from '../group-commit.ts';
import type { OutgoingRecord, RecordPublisher } from '../port.ts';

export function topicMessages(records: readonly OutgoingRecord[]) {
  const byTopic = new Map<
    string,
    { key: string; value: string | Buffer; headers?: Record<string, string>; partition?: number }[]
  >();
  for (const { topic, key, value, headers, partition } of records) {
    const message = {
      key,
      value,
      ...(headers ? { headers } : {}),
      ...(partition === undefined ? {} : { partition }),
    };
    const list = byTopic.get(topic);
    if (list) list.push(message);
    else byTopic.set(topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

export async function createPublisher(kafka: Kafka): Promise<RecordPublisher> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 2, maxRetryTime: 2000 },
  });
  await producer.connect();
  return {
    async publish(records) {
      if (records.length === 0) return;
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: topicMessages(records),
      });
    },
    close: () => producer.disconnect(),
  };
}

/**
 * A connected transactional producer. The broker answers CONCURRENT_TRANSACTIONS while it completes the previous
 * commit (or a previous owner's transaction); kafkajs's default 100-300 ms back-off would then dominate latency, so
 * it retries fast.
 */
export async function transactionalProducer(
  kafka: Kafka,
  transactionalId: string,
  retries: number,
): Promise<Producer> {
  const producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { initialRetryTime: 5, maxRetryTime: 500, retries },
  });
  await producer.connect();
  return producer;
}

/**
 * A publisher whose every publish() call is all-or-nothing: its records go out inside one Kafka transaction
 * (concurrent calls share a transaction through group commit; if it fails, every caller in it is refused).
 * read_committed consumers (the normalizer) never see half of a request, on any number of brokers.
 */
export async function createTransactionalPublisher(
  kafka: Kafka,
  transactionalId: string,
): Promise<RecordPublisher> {
  const producer = await transactionalProducer(kafka, transactionalId, 8);
  const commits = new GroupCommit<never>(async (outputs) =>
    inTransaction(await producer.transaction(), async (transaction) => {
      for (const run of splitBySize(outputs))
        await transaction.sendBatch({ acks: -1, topicMessages: topicMessages(run) });
    }),
  );
  return {
    publish: async (records) => {
      if (records.length > 0) await commits.submit({ outputs: records });
    },
    close: () => producer.disconnect(),
  };
}
