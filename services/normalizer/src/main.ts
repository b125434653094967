import { createTopics, DLQ_TOPIC, OUTCOMES_TOPIC, RAW_TOPICS, rosettaTopics } from '@rosetta/kafka';
import { loadServiceConfigOrExit } from '@rosetta/service-config';
import {
  closeHttpGracefully,
  createLogFn,
  createMetrics,
  exitAfterShutdown,
  kafkaReadinessProbe,
  startAdminServer,
} from '@rosetta/telemetry';
import { startTracing } from '@rosetta/tracing';
import { startNormalizer } from './app.ts';
import { normalizerConfigSpec } from './config.ts';

const config = loadServiceConfigOrExit(normalizerConfigSpec);
// Off unless the standard OTEL_* variables configure an exporter (README: Tracing).
const tracing = startTracing('rosetta-normalizer');
const { brokers } = config.kafka;
if (config.topics.create)
  await createTopics({ brokers, clientId: 'rosetta-normalizer-topics' }, rosettaTopics(config.topics));
const metrics = createMetrics('normalizer');
const log = createLogFn('normalizer');
const normalizer = await startNormalizer({
  log,
  brokers,
  client: config.kafka.client,
  groupId: config.groupId,
  ...(config.maxRecordsPerTransaction ? { maxRecordsPerTransaction: config.maxRecordsPerTransaction } : {}),
  metrics,
});
// The normalizer speaks no HTTP of its own: health, readiness and metrics live on an admin port.
const readiness = await kafkaReadinessProbe(brokers, 'rosetta-normalizer-admin', [
  ...RAW_TOPICS,
  OUTCOMES_TOPIC,
  DLQ_TOPIC,
]);
const ready = async () => {
  const [kafka, pipeline] = [await readiness.ready(), normalizer.readiness()];
  return { ok: kafka.ok && pipeline.ok, reasons: [...kafka.reasons, ...pipeline.reasons] };
};
const adminServer = await startAdminServer({ metrics, ready, listen: config.admin });
log({ msg: 'normalizer running', brokers, kafkaClient: config.kafka.client });

// SIGTERM: let the open transaction finish (or abort), then leave the group so partitions move at once.
exitAfterShutdown([
  async () => {
    await normalizer.stop();
    log({ msg: 'normalizer stopped', ...normalizer.counters });
  },
  () => closeHttpGracefully(adminServer),
  () => readiness.close(),
  () => tracing.shutdown(),
]);
