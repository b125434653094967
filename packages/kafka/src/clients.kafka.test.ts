import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createKafka } from './client.ts';
import {
  createPublisher,
  createTransactionalPublisher,
  KAFKA_CLIENTS,
  type KafkaClientName,
  startTransactionalPipeline,
} from './clients.ts';
import type { IncomingRecord } from './port.ts';

const clients = Object.keys(KAFKA_CLIENTS) as KafkaClientName[];

async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'clients-test-admin' }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
}

/** An independent kafkajs read_committed reader: what a subscriber would see. */
async function readCommitted(topic: string, count: number, timeoutMs = 20_000): Promise<IncomingRecord[]> {
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'clients-test-reader' });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, readUncommitted: false });
  const seen: IncomingRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          timestamp: message.timestamp,
        });
        if (seen.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

describe.each(clients)('%s client', (client) => {
  const connection = () => ({ brokers: inject('kafkaBrokers'), clientId: `clients-test-${client}`, client });

  it('publishes with acks=all, headers intact, each key on the partition Java (and the other client) picks', async () => {
    const tag = randomUUID();
    const topic = `clients-partitioning-${client}-${tag}`;
    await createTopic(topic, 6);
    const publisher = await createPublisher(connection());
    const keys = Array.from({ length: 60 }, (_, i) => `tenant-${i % 7}/device-${i}`);
    await publisher.publish(
      keys.map((key) => ({ topic, key, value: `v:${key}`, headers: { ce_id: key, traceparent: 'x' } })),
    );
    await publisher.close();
    const seen = await readCommitted(topic, keys.length);
    expect(seen).toHaveLength(keys.length);
    // kafkajs's DefaultPartitioner is Java's murmur2 & 0x7fffffff: both clients must agree with it per key.
    const kafkajsPublisher = await createPublisher({ ...connection(), client: 'kafkajs' });
    const reference = `clients-partitioning-reference-${tag}`;
    await createTopic(reference, 6);
    await kafkajsPublisher.publish(keys.map((key) => ({ topic: reference, key, value: key })));
    await kafkajsPublisher.close();
    const expected = new Map(
      (await readCommitted(reference, keys.length)).map((r) => [String(r.key), r.partition]),
    );
    for (const record of seen) {
      expect(record.partition).toBe(expected.get(String(record.key)));
      expect(String(record.value)).toBe(`v:${String(record.key)}`);
      expect(record.headers.ce_id).toBe(String(record.key));
    }
  });

  it('publishes each call atomically and a read_committed consumer sees every record of every call', async () => {
    const tag = randomUUID();
    const topic = `clients-txn-${client}-${tag}`;
    await createTopic(topic, 3);
    const publisher = await createTransactionalPublisher(connection(), `txn-test-${tag}`);
    await Promise.all(
      Array.from({ length: 20 }, (_, call) =>
        publisher.publish(
          Array.from({ length: 5 }, (_, i) => ({ topic, key: `${tag}/${call}`, value: `${call}:${i}` })),
        ),
      ),
    );
    await publisher.close();
    const seen = (await readCommitted(topic, 100)).map((r) => String(r.value));
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
  });

  it('a call the broker refuses fails alone: the calls that shared its transaction still commit', async () => {
    const tag = randomUUID();
    // A topic of its own: the 1.5 MB junk record must not reach the consumers of the shared outcomes topic.
    const topic = `txn-isolation-${client}-${tag}`;
    await createTopic(topic, 1);
    const publisher = await createTransactionalPublisher(connection(), `txn-isolation-${tag}`);
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
    const seen = (await readCommitted(topic, 33)).map((r) => String(r.value));
    expect(seen).toHaveLength(33);
    expect(seen.some((v) => v.startsWith('x'))).toBe(false);
  });

  it('pipeline: every input once in the output, per-key order kept, offsets committed with the outputs', async () => {
    const tag = randomUUID();
    const input = `clients-pipe-in-${client}-${tag}`;
    const output = `clients-pipe-out-${client}-${tag}`;
    await createTopic(input, 3);
    await createTopic(output, 3);
    const feeder = await createPublisher({ ...connection(), client: 'kafkajs' });
    const records = Array.from({ length: 600 }, (_, i) => ({
      topic: input,
      key: `k${i % 12}`,
      value: String(i),
    }));
    await feeder.publish(records);
    const groupId = `pipe-${tag}`;
    const runPipeline = async (expected: number) => {
      let committed = 0;
      let reachedExpected: () => void = () => undefined;
      const reached = new Promise<void>((resolve) => {
        reachedExpected = resolve;
      });
      const pipeline = await startTransactionalPipeline(connection(), {
        groupId,
        topics: [input],
        maxRecordsPerTransaction: 50,
        transform: (record) => [
          {
            topic: output,
            key: String(record.key),
            value: `${String(record.value)}@${record.partition}:${record.offset}`,
            headers: { from: record.headers.from ?? 'none' },
          },
        ],
        onCommitted: ({ records: n }) => {
          committed += n;
          if (committed >= expected) reachedExpected();
        },
      });
      await Promise.race([reached, new Promise((resolve) => setTimeout(resolve, 60_000))]);
      await pipeline.stop();
      return committed;
    };
    expect(await runPipeline(600)).toBe(600);
    // A second run of the same group starts after the committed offsets: only the new inputs.
    await feeder.publish(
      Array.from({ length: 60 }, (_, i) => ({
        topic: input,
        key: `k${i % 12}`,
        value: String(600 + i),
        headers: { from: 'second' },
      })),
    );
    await feeder.close();
    expect(await runPipeline(60)).toBe(60);

    const seen = await readCommitted(output, 660);
    expect(seen).toHaveLength(660);
    const values = seen.map((r) => Number(String(r.value).split('@')[0]));
    expect(new Set(values).size).toBe(660);
    expect(seen.filter((r) => r.headers.from === 'second')).toHaveLength(60);
    for (let k = 0; k < 12; k++) {
      const ofKey = seen
        .filter((r) => String(r.key) === `k${k}`)
        .map((r) => Number(String(r.value).split('@')[0]));
      expect(ofKey).toEqual([...ofKey].sort((a, b) => a - b));
    }
  });
});
