import type { Kafka } from 'kafkajs';
import { GroupCommit } from './group-commit.ts';
import type { RecordPublisher } from './producer.ts';

/**
 * A publisher whose every publish() call is all-or-nothing: its records go out inside one Kafka transaction
 * (concurrent calls share a transaction through group commit; if it fails, every caller in it is refused).
 * read_committed consumers (the normalizer) never see half of a request, on any number of brokers.
 */
export async function createTransactionalPublisher(
  kafka: Kafka,
  transactionalId: string,
): Promise<RecordPublisher> {
  const producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { initialRetryTime: 5, maxRetryTime: 500, retries: 8 },
  });
  await producer.connect();
  const commits = new GroupCommit(producer);
  return {
    publish: async (records) => {
      if (records.length > 0) await commits.submit({ outputs: records });
    },
    close: () => producer.disconnect(),
  };
}
