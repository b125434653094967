import { hostname } from 'node:os';
import { createKafka, createTransactionalPublisher, rawTopic } from '@rosetta/kafka';
import { kafkaReadiness } from '@rosetta/telemetry';
import { buildWebhookApp } from './app.ts';
import { fileCredentialStore } from './credentials.ts';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const credentialsFile = process.env.WEBHOOK_CREDENTIALS_FILE;
if (!credentialsFile) {
  console.error(
    'WEBHOOK_CREDENTIALS_FILE is required: a JSON file {"tenants": {"<tenant>": {"tokens": [...], "hmacSecrets": [...]}}}',
  );
  process.exit(2);
}
// Each request is all-or-nothing (one Kafka transaction; concurrent requests share one through group commit).
// The transactional id must be stable per replica (e.g. the pod name) so a restart fences its predecessor.
const publisher = await createTransactionalPublisher(
  createKafka({ brokers, clientId: 'rosetta-webhook-adapter' }),
  `rosetta-webhook-${process.env.WEBHOOK_INSTANCE_ID ?? hostname()}`,
);
const readinessAdmin = createKafka({ brokers, clientId: 'rosetta-webhook-adapter-admin' }).admin();
await readinessAdmin.connect();
const ready = () =>
  kafkaReadiness(readinessAdmin, [
    rawTopic('knox-efota'),
    rawTopic('pelion-update'),
    rawTopic('eas-provision'),
  ]);
const app = await buildWebhookApp({
  ready,
  publisher,
  credentials: fileCredentialStore(credentialsFile),
  logger: true,
});
const port = Number(process.env.WEBHOOK_PORT ?? 8081);
await app.listen({ host: process.env.WEBHOOK_HOST ?? '0.0.0.0', port });

// SIGTERM: stop accepting, let in-flight requests (and their Kafka writes) finish, then close the producer.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void app.close().then(async () => {
      await publisher.close();
      process.exit(0);
    });
  });
}
