import { batchingPublisher } from '@rosetta/ingest';
import { createKafka, createPublisher } from '@rosetta/kafka';
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
// Concurrent requests share produce requests; each still waits for its own acknowledgment.
const publisher = batchingPublisher(
  await createPublisher(createKafka({ brokers, clientId: 'rosetta-webhook-adapter' })),
);
const app = await buildWebhookApp({
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
