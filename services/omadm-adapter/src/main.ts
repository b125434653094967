import { batchingPublisher, createPublisher, rawTopic } from '@rosetta/kafka';
import { exitOnConfigError, loadServiceConfigOrExit } from '@rosetta/service-config';
import { closeHttpGracefully, exitAfterShutdown, kafkaReadinessProbe } from '@rosetta/telemetry';
import { startTracing } from '@rosetta/tracing';
import { buildOmadmApp } from './app.ts';
import { omadmConfigFrom, omadmConfigSpec } from './config.ts';

const config = loadServiceConfigOrExit(omadmConfigSpec);
// Off unless the standard OTEL_* variables configure an exporter (README: Tracing).
const tracing = startTracing('rosetta-omadm-adapter');
const { brokers } = config.kafka;
// Concurrent requests share produce requests; each still waits for its own acknowledgment.
const publisher = batchingPublisher(
  await createPublisher({ brokers, clientId: 'rosetta-omadm-adapter', client: config.kafka.client }),
);
const readiness = await kafkaReadinessProbe(brokers, 'rosetta-omadm-adapter-admin', [rawTopic('omadm-fumo')]);
const app = await buildOmadmApp({
  publisher,
  ready: readiness.ready,
  config: exitOnConfigError(() => omadmConfigFrom(config)),
  bodyLimit: config.maxBodyBytes,
  syncmlLimits: config.syncmlLimits,
  logger: true,
});
await app.listen(config.http);

// SIGTERM: stop accepting, let in-flight requests (and their Kafka writes) finish, then flush and close the producer.
exitAfterShutdown([
  () => closeHttpGracefully(app),
  () => publisher.close(),
  () => readiness.close(),
  () => tracing.shutdown(),
]);
