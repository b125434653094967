import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka } from './client.ts';
import { KAFKA_CLIENTS, type KafkaClientName, readRange } from './clients.ts';
import type { ReadStart } from './read-range.ts';

const brokers = inject('kafkaBrokers');
const kafka = createKafka({ brokers, clientId: 'read-range' });
const T = Date.now() - 60_000;
const topic = `read-range-${randomUUID().slice(0, 8)}`;
const otherTopic = `read-range-other-${randomUUID().slice(0, 8)}`;

/**
 * Partition 0: a committed transaction (c0–c2, times T..T+2), an aborted one (x3), a committed one (c6, T+6) — the log
 * ends in a commit marker. Partition 1: five records without a transaction (p0–p4, times T+10..T+14). Partition 2:
 * empty. A second topic holds one record.
 */
beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: 3 },
      { topic: otherTopic, numPartitions: 1 },
    ],
  });
  await admin.disconnect();
  const producer = kafka.producer({
    transactionalId: `${topic}-tx`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const write = async (values: [string, number][], commit: boolean) => {
    const transaction = await producer.transaction();
    await transaction.send({
      topic,
      acks: -1,
      messages: values.map(([value, at]) => ({ value, partition: 0, timestamp: String(T + at) })),
    });
    await (commit ? transaction.commit() : transaction.abort());
  };
  await write(
    [
      ['c0', 0],
      ['c1', 1],
      ['c2', 2],
    ],
    true,
  );
  await write([['x3', 3]], false);
  await write([['c6', 6]], true);
  await producer.disconnect();
  const plain = kafka.producer({ idempotent: true });
  await plain.connect();
  await plain.send({
    topic,
    acks: -1,
    messages: [0, 1, 2, 3, 4].map((i) => ({ value: `p${i}`, partition: 1, timestamp: String(T + 10 + i) })),
  });
  await plain.send({ topic: otherTopic, acks: -1, messages: [{ value: 'other' }] });
  await plain.disconnect();
}, 60_000);

async function read(client: KafkaClientName, topics: string[], start: ReadStart) {
  const seen: string[] = [];
  const count = await readRange(
    { brokers, clientId: `read-range-${client}`, client },
    topics,
    start,
    async (r) => {
      await sleep(1); // a handler that takes its time is awaited, record by record
      seen.push(`${r.topic === topic ? '' : 'other:'}${r.partition}/${r.offset}/${r.value?.toString()}`);
    },
  );
  return { count, seen: seen.sort() };
}

describe.each(Object.keys(KAFKA_CLIENTS) as KafkaClientName[])('readRange (%s)', (client) => {
  it('from the earliest offset: every committed record, none of an aborted transaction, then stops', async () => {
    const { count, seen } = await read(client, [topic, otherTopic], { earliest: true });
    expect(seen).toEqual([
      '0/0/c0',
      '0/1/c1',
      '0/2/c2',
      '0/6/c6',
      '1/0/p0',
      '1/1/p1',
      '1/2/p2',
      '1/3/p3',
      '1/4/p4',
      'other:0/0/other',
    ]);
    expect(count).toBe(seen.length);
  });

  it('from an offset, applied to every partition', async () => {
    const { seen } = await read(client, [topic], { offset: 2n });
    expect(seen).toEqual(['0/2/c2', '0/6/c6', '1/2/p2', '1/3/p3', '1/4/p4']);
  });

  it('from a time: the first offset at or after it in each partition (markers carry the broker time)', async () => {
    expect((await read(client, [topic], { timestamp: T + 2 })).seen).toEqual([
      '0/2/c2',
      '0/6/c6',
      '1/0/p0',
      '1/1/p1',
      '1/2/p2',
      '1/3/p3',
      '1/4/p4',
    ]);
    // In partition 0 the first entry stamped at/after T+11 is the abort marker at 5 (written now): c6 follows it.
    expect((await read(client, [topic], { timestamp: T + 11 })).seen).toEqual([
      '0/6/c6',
      '1/1/p1',
      '1/2/p2',
      '1/3/p3',
      '1/4/p4',
    ]);
    expect((await read(client, [topic], { timestamp: Date.now() + 60_000 })).seen).toEqual([]);
  });

  it('only the partitions asked for', async () => {
    expect((await read(client, [topic], { earliest: true, partitions: [1] })).seen).toEqual([
      '1/0/p0',
      '1/1/p1',
      '1/2/p2',
      '1/3/p3',
      '1/4/p4',
    ]);
    expect((await read(client, [topic], { earliest: true, partitions: [2] })).count).toBe(0);
  });

  it('an empty range returns 0 at once', async () => {
    expect(await read(client, [topic], { offset: 1000n })).toEqual({ count: 0, seen: [] });
  });
});
