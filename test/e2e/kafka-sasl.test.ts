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
import { freePort, kafkaVersionFromEnv, type LocalBroker, startLocalBroker } from '@rosetta/local-kafka';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Both clients take KAFKA_SASL_* from the environment (no production cluster is plaintext): against a broker that
// demands SASL/PLAIN, the right password carries a transaction to a read_committed reader, a wrong one is refused.
const SASL = {
  KAFKA_SASL_MECHANISM: 'plain',
  KAFKA_SASL_USERNAME: 'rosetta',
  KAFKA_SASL_PASSWORD: 'rosetta-secret',
};
const workDir = join(tmpdir(), `rosetta-kafka-sasl-${randomUUID().slice(0, 8)}`);
let broker: LocalBroker | undefined;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, SASL); // the broker's readiness check authenticates too
  broker = await startLocalBroker({
    ports: { broker: await freePort(), controller: await freePort() },
    workDir,
    version: kafkaVersionFromEnv(),
    heapMb: 512,
    sasl: { users: { rosetta: SASL.KAFKA_SASL_PASSWORD } },
  });
}, 120_000);
afterAll(async () => {
  await broker?.stop();
  rmSync(workDir, { recursive: true, force: true });
  for (const key of Object.keys(SASL)) delete process.env[key];
  Object.assign(process.env, saved);
});

function messagesOf(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 5) return String(error);
  const nested = [
    ...('errors' in error && Array.isArray(error.errors) ? error.errors : []),
    ...(error.cause === undefined ? [] : [error.cause]),
  ];
  return [error.message, ...nested.map((e) => messagesOf(e, depth + 1))].join(' | ');
}

it.each(Object.keys(KAFKA_CLIENTS) as KafkaClientName[])(
  '%s: SASL/PLAIN from KAFKA_SASL_*, a transaction through, a wrong password refused',
  async (client) => {
    const brokers = broker?.brokers ?? [];
    const kafka = createKafka({ brokers, clientId: `sasl-${client}` });
    const admin = kafka.admin();
    await admin.connect();
    const topic = `sasl-${client}-${randomUUID()}`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();

    const publisher = await createTransactionalPublisher(
      { brokers, clientId: `sasl-${client}`, client },
      `sasl-${client}-${randomUUID()}`,
    );
    await publisher.publish(Array.from({ length: 5 }, (_, i) => ({ topic, key: `k${i}`, value: client })));
    await publisher.close();
    const consumer = kafka.consumer({ groupId: `sasl-${randomUUID()}`, readUncommitted: false });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 20_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.value?.toString() ?? '');
          if (seen.length >= 5) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    expect(seen).toEqual(Array(5).fill(client));

    process.env.KAFKA_SASL_PASSWORD = 'wrong';
    try {
      const refused = createTransactionalPublisher(
        {
          brokers,
          clientId: `sasl-wrong-${client}`,
          client,
          connectionTimeoutMs: 2000,
          requestTimeoutMs: 3000,
        },
        `sasl-wrong-${client}-${randomUUID()}`,
      ).then((p) =>
        p
          .publish([{ topic, key: 'x', value: 'must not arrive' }])
          .finally(() => p.close().catch(() => undefined)),
      );
      const error = await refused.then(
        () => undefined,
        (e: unknown) => e,
      );
      // @platformatic/kafka wraps the broker's answer in the operation that failed (errors[] / cause).
      expect(messagesOf(error)).toMatch(/auth|SASL|credentials/i);
    } finally {
      process.env.KAFKA_SASL_PASSWORD = SASL.KAFKA_SASL_PASSWORD;
    }
  },
  90_000,
);
