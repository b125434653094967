import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKafka,
  createTransactionalPublisher,
  KAFKA_CLIENTS,
  type KafkaClientName,
} from '@rosetta/kafka';
import { afterAll, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { type LocalBroker, startLocalBroker } from './local-broker.ts';

// Teams still on 3.9 set ROSETTA_KAFKA_VERSION=3.9.1: its broker (reload4j logging, its own jars) must keep
// working with both clients, transactions and read_committed included.
let broker: LocalBroker | undefined;
const workDir = join(tmpdir(), `rosetta-kafka-39-${randomUUID().slice(0, 8)}`);
afterAll(async () => {
  await broker?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

it('a Kafka 3.9.1 broker starts and carries transactions from both clients to a read_committed reader', async () => {
  broker = await startLocalBroker({
    ports: { broker: await freePort(), controller: await freePort() },
    workDir,
    version: '3.9.1',
    heapMb: 512,
  });
  expect(broker.version).toBe('3.9.1');
  const kafka = createKafka({ brokers: broker.brokers, clientId: 'kafka-39' });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `kafka-39-${randomUUID()}`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
  await admin.disconnect();
  for (const client of Object.keys(KAFKA_CLIENTS) as KafkaClientName[]) {
    const publisher = await createTransactionalPublisher(
      { brokers: broker.brokers, clientId: `kafka-39-${client}`, client },
      `kafka-39-${client}-${randomUUID()}`,
    );
    await publisher.publish(
      Array.from({ length: 10 }, (_, i) => ({ topic, key: `${client}/${i}`, value: client })),
    );
    await publisher.close();
  }
  const consumer = kafka.consumer({ groupId: `kafka-39-${randomUUID()}`, readUncommitted: false });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 30_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value?.toString() ?? '');
        if (seen.length >= 20) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  expect(seen.filter((v) => v === 'kafkajs')).toHaveLength(10);
  expect(seen.filter((v) => v === 'platformatic')).toHaveLength(10);
});
