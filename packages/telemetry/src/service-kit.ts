import { createKafka } from '@rosetta/kafka';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.ts';
import { kafkaReadiness, type Readiness, telemetryRoutes } from './routes.ts';

export interface KafkaReadinessProbe {
  ready: () => Promise<Readiness>;
  close: () => Promise<void>;
}

/** A connected admin client answering "is Kafka reachable and are these topics there?" for /readyz. */
export async function kafkaReadinessProbe(
  brokers: string[],
  clientId: string,
  topics: readonly string[],
): Promise<KafkaReadinessProbe> {
  const admin = createKafka({ brokers, clientId }).admin();
  await admin.connect();
  return { ready: () => kafkaReadiness(admin, topics), close: () => admin.disconnect() };
}

/** For services that speak no HTTP of their own (CoAP, the normalizer): /healthz, /readyz, /metrics on an admin port. */
export async function startAdminServer(options: {
  metrics: Metrics;
  ready: () => Promise<Readiness>;
  listen: { host: string; port: number };
}): Promise<FastifyInstance> {
  const server = Fastify();
  await server.register(telemetryRoutes, { metrics: options.metrics, ready: options.ready });
  await server.listen(options.listen);
  return server;
}
