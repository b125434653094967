import { createKafka, DLQ_TOPIC, OUTCOMES_TOPIC, RAW_TOPICS } from '@rosetta/kafka';
import { createMetrics, kafkaReadiness, telemetryRoutes } from '@rosetta/telemetry';
import Fastify from 'fastify';
import { startNormalizer } from './app.ts';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const metrics = createMetrics('normalizer');
const normalizer = await startNormalizer({
  brokers,
  ...(process.env.NORMALIZER_INSTANCE_ID ? { instanceId: process.env.NORMALIZER_INSTANCE_ID } : {}),
  ...(process.env.NORMALIZER_GROUP_ID ? { groupId: process.env.NORMALIZER_GROUP_ID } : {}),
  metrics,
  onFatal: () => process.exit(1),
});
// The normalizer speaks no HTTP of its own: health, readiness and metrics live on an admin port.
const admin = createKafka({ brokers, clientId: 'rosetta-normalizer-admin' }).admin();
await admin.connect();
const adminServer = Fastify();
await adminServer.register(telemetryRoutes, {
  metrics,
  ready: () => kafkaReadiness(admin, [...RAW_TOPICS, OUTCOMES_TOPIC, DLQ_TOPIC]),
});
await adminServer.listen({
  host: process.env.ADMIN_HOST ?? '0.0.0.0',
  port: Number(process.env.NORMALIZER_ADMIN_PORT ?? 9464),
});
console.log(JSON.stringify({ level: 'info', msg: 'normalizer running', brokers }));

// SIGTERM: let the open transaction finish (or abort), then leave the group so partitions move at once.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void normalizer.stop().then(() => {
      console.log(JSON.stringify({ level: 'info', msg: 'normalizer stopped', ...normalizer.counters }));
      process.exit(0);
    });
  });
}
