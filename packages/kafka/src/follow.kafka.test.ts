import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createKafka } from './client.ts';
import { createPublisher, followTopics, KAFKA_CLIENTS, type KafkaClientName } from './clients.ts';

const brokers = inject('kafkaBrokers');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(Object.keys(KAFKA_CLIENTS) as KafkaClientName[])('followTopics (%s)', (client) => {
  it('hands over what is there from the earliest offset, then each new record, until stopped', async () => {
    const topic = `follow-${client}-${randomUUID().slice(0, 8)}`;
    const admin = createKafka({ brokers, clientId: 'follow-test' }).admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();
    const publisher = await createPublisher({ brokers, clientId: 'follow-test' });
    await publisher.publish(['a', 'b', 'c'].map((v) => ({ topic, key: v, value: v })));
    const seen: string[] = [];
    const follower = await followTopics({ brokers, clientId: 'follow-test', client }, [topic], (r) => {
      seen.push(String(r.value));
    });
    for (let i = 0; i < 100 && seen.length < 3; i++) await sleep(100);
    await publisher.publish(['d', 'e'].map((v) => ({ topic, key: v, value: v })));
    for (let i = 0; i < 100 && seen.length < 5; i++) await sleep(100);
    await follower.stop();
    await publisher.publish([{ topic, key: 'f', value: 'f' }]);
    await sleep(500);
    await publisher.close();
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('from `since` on: records older than it are skipped in every partition, newer ones and new ones handed over', async () => {
    const topic = `follow-since-${client}-${randomUUID().slice(0, 8)}`;
    const admin = createKafka({ brokers, clientId: 'follow-test' }).admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();
    const publisher = await createPublisher({ brokers, clientId: 'follow-test' });
    await publisher.publish(['o1', 'o2', 'o3', 'o4'].map((v) => ({ topic, key: v, value: v })));
    await sleep(50);
    const since = Date.now();
    await sleep(50);
    // One key only: the other partitions hold nothing at/after `since` and start at their end.
    await publisher.publish(['n1', 'n2'].map((v) => ({ topic, key: 'same', value: v })));
    const seen: string[] = [];
    const follower = await followTopics(
      { brokers, clientId: 'follow-test', client },
      [topic],
      (r) => {
        seen.push(String(r.value));
      },
      since,
    );
    for (let i = 0; i < 100 && seen.length < 2; i++) await sleep(100);
    await publisher.publish([{ topic, key: 'other', value: 'n3' }]);
    for (let i = 0; i < 100 && seen.length < 3; i++) await sleep(100);
    await sleep(300);
    await follower.stop();
    await publisher.close();
    expect(seen.sort()).toEqual(['n1', 'n2', 'n3']);
  });
});
