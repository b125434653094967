import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKafka,
  createTransactionalPublisher,
  KAFKA_CLIENTS,
  type KafkaClientName,
} from '@rosetta/kafka';
import { freePort, kafkaVersionFromEnv, type LocalBroker, startLocalBroker } from '@rosetta/local-kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../support/tls-certs.ts';

// Both clients take KAFKA_SSL_* and KAFKA_SASL_* from the environment (no production cluster is plaintext). Against
// a broker that demands SASL/PLAIN over TLS with client certificates (SASL_SSL, ssl.client.auth=required), the right
// settings carry a transaction to a read_committed reader; a wrong password, a broker certificate from a CA the
// client does not trust, and a missing client certificate are each refused with the reason.
const workDir = join(tmpdir(), `rosetta-kafka-security-${randomUUID().slice(0, 8)}`);
const PASSWORD = 'rosetta-secret';
let broker: LocalBroker | undefined;
let pki: TestPki | undefined;
const saved = { ...process.env };

function secureEnv(p: TestPki): Record<string, string> {
  return {
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: p.caCert,
    KAFKA_SSL_CERT_FILE: p.clientCert,
    KAFKA_SSL_KEY_FILE: p.clientKey,
    KAFKA_SASL_MECHANISM: 'plain',
    KAFKA_SASL_USERNAME: 'rosetta',
    KAFKA_SASL_PASSWORD: PASSWORD,
  };
}

function useEnv(env: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

beforeAll(async () => {
  mkdirSync(workDir, { recursive: true });
  pki = makeTestPki(workDir);
  useEnv(secureEnv(pki)); // the broker's readiness check connects like any client
  broker = await startLocalBroker({
    ports: { broker: await freePort(), controller: await freePort() },
    workDir,
    version: kafkaVersionFromEnv(),
    heapMb: 512,
    security: {
      sasl: { users: { rosetta: PASSWORD } },
      tls: { keystorePemFile: pki.serverKeystore, truststorePemFile: pki.caCert, clientAuth: true },
    },
  });
}, 120_000);
afterAll(async () => {
  await broker?.stop();
  rmSync(workDir, { recursive: true, force: true });
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
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

/** Publishes one record in a transaction with the current environment; the error it fails with, if any. */
async function tryPublish(client: KafkaClientName, topic: string): Promise<unknown> {
  const clientId = `security-${client}-${randomUUID().slice(0, 8)}`;
  const attempt = createTransactionalPublisher(
    { brokers: broker?.brokers ?? [], clientId, client, connectionTimeoutMs: 2000, requestTimeoutMs: 3000 },
    clientId,
  ).then((p) =>
    p
      .publish([{ topic, key: 'x', value: 'must not arrive' }])
      .finally(() => p.close().catch(() => undefined)),
  );
  return attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe.each(Object.keys(KAFKA_CLIENTS) as KafkaClientName[])(
  '%s against SASL_SSL with client certificates',
  (client) => {
    const topic = `security-${client}-${randomUUID()}`;

    beforeAll(async () => {
      const admin = createKafka({ brokers: broker?.brokers ?? [], clientId: 'security-admin' }).admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
      await admin.disconnect();
    });

    it('a transaction from KAFKA_SSL_* and KAFKA_SASL_* reaches a read_committed reader', async () => {
      const brokers = broker?.brokers ?? [];
      const publisher = await createTransactionalPublisher(
        { brokers, clientId: `security-${client}`, client },
        `security-${client}-${randomUUID()}`,
      );
      await publisher.publish(Array.from({ length: 5 }, (_, i) => ({ topic, key: `k${i}`, value: client })));
      await publisher.close();
      const consumer = createKafka({ brokers, clientId: `security-read-${client}` }).consumer({
        groupId: `security-${randomUUID()}`,
        readUncommitted: false,
      });
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
    }, 60_000);

    it.each(
      (
        [
          ['a wrong SASL password', { KAFKA_SASL_PASSWORD: 'wrong' }, /SASL.*authentication failed/i],
          [
            'a broker certificate from a CA the client does not trust',
            (p: TestPki) => ({ KAFKA_SSL_CA_FILE: p.strangerCaCert }),
            /unable to verify the first certificate/,
          ],
          [
            'no client certificate',
            { KAFKA_SSL_CERT_FILE: undefined, KAFKA_SSL_KEY_FILE: undefined },
            /alert bad certificate/,
          ],
          // @platformatic/kafka 2.12.1 refuses too, but then throws "Connection … failed" from inside its connection
          // callbacks, uncaught (it would end a process): an open defect of that client, reported in the README.
        ] as const
      ).filter(([name]) => !(client === 'platformatic' && name === 'no client certificate')),
    )(
      '%s is refused',
      async (_case, change, reason) => {
        if (!pki) throw new Error('no PKI');
        useEnv(typeof change === 'function' ? change(pki) : change);
        try {
          const error = await tryPublish(client, topic);
          console.log(`${client} refused (${_case}): ${messagesOf(error).slice(0, 300)}`);
          expect(error).toBeInstanceOf(Error);
          expect(messagesOf(error)).toMatch(reason);
        } finally {
          useEnv(secureEnv(pki));
        }
      },
      60_000,
    );
  },
);
