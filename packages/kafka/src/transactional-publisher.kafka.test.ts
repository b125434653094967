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
