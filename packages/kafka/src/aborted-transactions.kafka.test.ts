import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createKafka } from './client.ts';
import { KAFKA_CLIENTS, type KafkaClientName } from './clients.ts';
import type { IncomingRecord } from './port.ts';

const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'aborted-transactions' };
const kafka = createKafka(connection);

type Producer = ReturnType<typeof kafka.producer>;
type Transaction = Awaited<ReturnType<Producer['transaction']>>;

/** Writes `scenario` to a new one-partition topic, then one committed record, `committed-c1`. */
async function writeTopic(
  scenario: (
    producer: (id: string) => Promise<Producer>,
    send: (t: Transaction, value: string) => Promise<unknown>,
  ) => Promise<void>,
): Promise<string> {
  const topic = `aborted-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producers: Producer[] = [];
  const producer = async (id: string) => {
    const created = kafka.producer({
      transactionalId: `${topic}-${id}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await created.connect();
    producers.push(created);
    return created;
  };
  const send = (transaction: Transaction, value: string) =>
    transaction.send({ topic, acks: -1, messages: [{ key: 'k', value, partition: 0 }] });
  await scenario(producer, send);
  const tc = await (await producer('c')).transaction();
  await send(tc, 'committed-c1');
  await tc.commit();
  await Promise.all(producers.map((p) => p.disconnect()));
  return topic;
}

/**
 * A writes at 0, B at 1, B aborts (marker at 2), A writes at 3 and aborts (marker at 4). The broker lists aborted
 * transactions in the order of their markers — B (first offset 1) before A (first offset 0) — and kafkajs 2.2.4
 * took them in that order: A's first record leaked.
 */
const interleaved = async (
  producer: (id: string) => Promise<Producer>,
  send: (t: Transaction, v: string) => Promise<unknown>,
) => {
  const [a, b] = [await producer('a'), await producer('b')];
  const ta = await a.transaction();
  await send(ta, 'aborted-a1');
  const tb = await b.transaction();
  await send(tb, 'aborted-b1');
  await tb.abort();
  await send(ta, 'aborted-a2');
  await ta.abort();
};

/** One producer aborts twice: @platformatic/kafka 2.12.1 kept one aborted range per producer, the first leaked. */
const abortedTwice = async (
  producer: (id: string) => Promise<Producer>,
  send: (t: Transaction, v: string) => Promise<unknown>,
) => {
  const a = await producer('a');
  for (const value of ['aborted-a1', 'aborted-a2']) {
    const transaction = await a.transaction();
    await send(transaction, value);
    await transaction.abort();
  }
};

describe.each(Object.keys(KAFKA_CLIENTS) as KafkaClientName[])(
  '%s read_committed consumer (patches/ fix both clients)',
  (client) => {
    it.each([
      ['transactions aborted in another order than they began', interleaved],
      ['one producer aborting twice', abortedTwice],
    ])('skips every aborted record: %s', async (_, scenario) => {
      const topic = await writeTopic(scenario);
      const seen: string[] = [];
      let done: () => void = () => undefined;
      const committed = new Promise<void>((resolve) => (done = resolve));
      const transform = (record: IncomingRecord) => {
        seen.push(record.value?.toString() ?? '');
        if (record.value?.toString() === 'committed-c1') done();
        return [];
      };
      const pipeline = await KAFKA_CLIENTS[client].startTransactionalPipeline(connection, {
        groupId: `g-${topic}`,
        topics: [topic],
        transform,
      });
      await Promise.race([committed, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      await pipeline.stop();
      expect(seen).toEqual(['committed-c1']);
    });
  },
);
