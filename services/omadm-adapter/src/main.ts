import { batchingPublisher } from '@rosetta/ingest';
import { createKafka, createPublisher, rawTopic } from '@rosetta/kafka';
import { kafkaReadiness } from '@rosetta/telemetry';
import { buildOmadmApp } from './app.ts';
import { readOmadmConfig } from './config.ts';

const configFile = process.env.OMADM_CONFIG_FILE;
if (!configFile) {
  console.error('OMADM_CONFIG_FILE is required (see services/omadm-adapter/README.md)');
  process.exit(2);
}
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
// Concurrent requests share produce requests; each still waits for its own acknowledgment.
const publisher = batchingPublisher(
  await createPublisher(createKafka({ brokers, clientId: 'rosetta-omadm-adapter' })),
);
const readinessAdmin = createKafka({ brokers, clientId: 'rosetta-omadm-adapter-admin' }).admin();
await readinessAdmin.connect();
const ready = () => kafkaReadiness(readinessAdmin, [rawTopic('omadm-fumo')]);
const app = await buildOmadmApp({ publisher, ready, config: readOmadmConfig(configFile), logger: true });
await app.listen({ host: process.env.OMADM_HOST ?? '0.0.0.0', port: Number(process.env.OMADM_PORT ?? 8080) });

// SIGTERM: stop accepting, let in-flight requests (and their Kafka writes) finish, then close the producer.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void app.close().then(async () => {
      await publisher.close();
      process.exit(0);
    });
  });
}
