import { CompressionTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string | Buffer;
  headers?: Record<string, string>;
}

/** The port adapters publish through; a test or another client library can stand behind it. */
export interface RecordPublisher {
  /** Resolves only once every record is acknowledged by all in-sync replicas (acks=all). */
  publish(records: readonly OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

function groupByTopic(records: readonly OutgoingRecord[]) {
  const byTopic = new Map<
    string,
    { key: string; value: string | Buffer; headers?: Record<string, string> }[]
  >();
  for (const { topic, ...message } of records) {
    const list = byTopic.get(topic) ?? [];
    list.push(message);
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

export async function createPublisher(kafka: Kafka): Promise<RecordPublisher> {
  const producer: Producer = kafka.producer({
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
        topicMessages: groupByTopic(records),
      });
    },
    close: () => producer.disconnect(),
  };
}
