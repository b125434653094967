import {
  compatibilityPartitioner,
  type MessageToProduce,
  ProduceAcks,
  Producer,
  type ProducerOptions,
  stringSerializer,
} from '@platformatic/kafka';
import { GroupCommit, inTransaction, splitBySize } from '../group-commit.ts';
import type { KafkaConnection, OutgoingRecord, RecordPublisher } from '../port.ts';
import { baseOptions } from './options.ts';

export type RosettaProducer = Producer<string, Buffer, string, string>;

export function toMessage(record: OutgoingRecord): MessageToProduce<string, Buffer, string, string> {
  const value = typeof record.value === 'string' ? Buffer.from(record.value) : record.value;
  return {
    topic: record.topic,
    key: record.key,
    value,
    ...(record.headers ? { headers: record.headers } : {}),
    ...(record.partition === undefined ? {} : { partition: record.partition }),
  };
}

/**
 * Producer options both publishers share. The partitioner is Java's (murmur2 & 0x7fffffff, as kafkajs's
 * DefaultPartitioner): a device's records land on the same partition whichever client wrote them.
 */
export function producerOptions(
  connection: KafkaConnection,
  extra: Partial<ProducerOptions<string, Buffer, string, string>> = {},
): ProducerOptions<string, Buffer, string, string> {
  return {
    ...baseOptions(connection),
    idempotent: true,
    // What Java sends for a new producer. Left out, 0/0 is sent, and a restarted instance reusing its
    // transactional id is refused PRODUCER_FENCED (error 90) instead of fencing its predecessor.
    producerId: -1n,
    producerEpoch: -1,
    acks: ProduceAcks.ALL,
    partitioner: compatibilityPartitioner,
    serializers: { key: stringSerializer, headerKey: stringSerializer, headerValue: stringSerializer },
    ...extra,
  };
}

type OpenTransaction = Awaited<ReturnType<RosettaProducer['beginTransaction']>>;

/**
 * A producer that is replaced after any failed send or transaction. @platformatic/kafka 2.12 keeps counting sequence
 * numbers past a batch the broker refused (MESSAGE_TOO_LARGE, say), so every later batch of that producer fails
 * OUT_OF_ORDER_SEQUENCE_NUMBER (error 45); a fresh producer gets a new epoch and starts over, fencing the old one.
 */
export function renewingProducer(
  connection: KafkaConnection,
  extra: Partial<ProducerOptions<string, Buffer, string, string>> = {},
) {
  const make = (): RosettaProducer => new Producer(producerOptions(connection, extra));
  let producer = make();
  const renewAfter = async <T>(work: (current: RosettaProducer) => Promise<T>): Promise<T> => {
    try {
      return await work(producer);
    } catch (error) {
      const broken = producer;
      producer = make();
      void broken.close().catch(() => undefined);
      throw error;
    }
  };
  return {
    /** Sends InitProducerId for the transactional id (fencing its previous holder) without a transaction. */
    claim: () => renewAfter(async (current) => (await current.beginTransaction()).cancel()),
    send: (records: readonly OutgoingRecord[]) =>
      renewAfter((current) => current.send({ messages: records.map(toMessage) })),
    transact: (body: (transaction: OpenTransaction) => Promise<void>) =>
      renewAfter(async (current) => inTransaction(await current.beginTransaction(), body)),
    close: () => producer.close(),
  };
}

export async function createPublisher(connection: KafkaConnection): Promise<RecordPublisher> {
  const producer = renewingProducer(connection);
  return {
    async publish(records) {
      if (records.length > 0) await producer.send(records);
    },
    close: () => producer.close(),
  };
}

/** As the kafkajs one: each publish() is all-or-nothing in one transaction, concurrent calls group-committed. */
export async function createTransactionalPublisher(
  connection: KafkaConnection,
  transactionalId: string,
): Promise<RecordPublisher> {
  const producer = renewingProducer(connection, { transactionalId });
  const commits = new GroupCommit<never>((outputs) =>
    producer.transact(async (transaction) => {
      for (const run of splitBySize(outputs)) await transaction.send({ messages: run.map(toMessage) });
    }),
  );
  return {
    publish: async (records) => {
      if (records.length > 0) await commits.submit({ outputs: records });
    },
    close: () => producer.close(),
  };
}
