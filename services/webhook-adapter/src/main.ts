import { hostname } from 'node:os';
import { explorerRoutes } from '@rosetta/explorer';
import { createTransactionalPublisher, rawTopic } from '@rosetta/kafka';
import { exitOnConfigError, loadServiceConfigOrExit } from '@rosetta/service-config';
import { closeHttpGracefully, exitAfterShutdown, kafkaReadinessProbe } from '@rosetta/telemetry';
import { startTracing } from '@rosetta/tracing';
import { buildWebhookApp, VENDORS } from './app.ts';
import { webhookConfigSpec } from './config.ts';
import { fileCredentialStore } from './credentials.ts';

const config = loadServiceConfigOrExit(webhookConfigSpec);
// Off unless the standard OTEL_* variables configure an exporter (README: Tracing).
const tracing = startTracing('rosetta-webhook-adapter');
const { brokers } = config.kafka;
// Each request is all-or-nothing (one Kafka transaction; concurrent requests share one through group commit).
// The transactional id must be stable per replica (e.g. the pod name) so a restart fences its predecessor.
const publisher = await createTransactionalPublisher(
  { brokers, clientId: 'rosetta-webhook-adapter', client: config.kafka.client },
  `rosetta-webhook-${config.kafka.instanceId ?? hostname()}`,
);
const readiness = await kafkaReadinessProbe(
  brokers,
  'rosetta-webhook-adapter-admin',
  VENDORS.map((vendor) => rawTopic(vendor.vocabulary)),
);
const app = await buildWebhookApp({
  ready: readiness.ready,
  publisher,
  credentials: exitOnConfigError(() => fileCredentialStore(config.credentialsFile)),
  bodyLimit: config.maxBodyBytes,
  jsonMaxDepth: config.jsonMaxDepth,
  logger: true,
});
if (config.explorer) await app.register(explorerRoutes);
await app.listen(config.http);

// SIGTERM: stop accepting, let in-flight requests (and their Kafka transactions) finish, then close the producer.
exitAfterShutdown([
  () => closeHttpGracefully(app),
  () => publisher.close(),
  () => readiness.close(),
  () => tracing.shutdown(),
]);
