import { randomUUID } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { createKafka } from './client.ts';
import { createTransactionalPublisher } from './transactional-publisher.ts';

it('publishes each call atomically and a read_committed consumer sees every record of every call', async () => {
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'txn-publisher-test' });
  const topic = 'rosetta.outcomes.v1';
  const tag = randomUUID();
  const publisher = await createTransactionalPublisher(kafka, `txn-test-${tag}`);
  await Promise.all(
    Array.from({ length: 20 }, (_, call) =>
      publisher.publish(
        Array.from({ length: 5 }, (_, i) => ({ topic, key: `${tag}/${call}`, value: `${call}:${i}` })),
      ),
    ),
  );
  await publisher.close();
  const consumer = kafka.consumer({ groupId: `reader-${tag}`, readUncommitted: false });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 20_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString().startsWith(`${tag}/`)) seen.push(message.value?.toString() ?? '');
        if (seen.length >= 100) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  expect(seen).toHaveLength(100);
  expect(new Set(seen).size).toBe(100);
});

it('a call the broker refuses fails alone: the calls that shared its transaction still commit', async () => {
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'txn-publisher-isolation' });
  const tag = randomUUID();
  // A topic of its own: the 1.5 MB junk record must not reach the consumers of the shared outcomes topic.
  const topic = `txn-isolation-${tag}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
  const publisher = await createTransactionalPublisher(kafka, `txn-isolation-${tag}`);
  // 1.5 MB: over the broker's message.max.bytes, so the shared transaction fails at the broker.
  const oversized = { topic, key: `${tag}/big`, value: 'x'.repeat(1_500_000) };
  const calls = Array.from({ length: 12 }, (_, call) =>
    call === 5
      ? [oversized]
      : Array.from({ length: 3 }, (_, i) => ({ topic, key: `${tag}/${call}`, value: `${call}:${i}` })),
  );
  const settled = await Promise.allSettled(calls.map((records) => publisher.publish(records)));
  await publisher.close();
  expect(settled.map((s) => s.status)).toEqual(
    calls.map((_, call) => (call === 5 ? 'rejected' : 'fulfilled')),
  );

  const consumer = kafka.consumer({ groupId: `reader-${tag}`, readUncommitted: false });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 20_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString().startsWith(`${tag}/`)) seen.push(message.value?.toString() ?? '');
        if (seen.length >= 33) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  expect(seen).toHaveLength(33);
  expect(seen.some((v) => v.startsWith('x'))).toBe(false);
});
