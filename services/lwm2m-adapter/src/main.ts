import { readFileSync } from 'node:fs';
import { createKafka, createPublisher, rawTopic } from '@rosetta/kafka';
import { createMetrics, kafkaReadiness, telemetryRoutes } from '@rosetta/telemetry';
import Fastify from 'fastify';
import { startLwm2mAdapter } from './app.ts';
import type { Lwm2mConfig } from './config.ts';

const configFile = process.env.LWM2M_CONFIG_FILE;
if (!configFile) {
  console.error('LWM2M_CONFIG_FILE is required: {"tenants": {"<tenant>": {"endpoints": ["urn:imei:*"]}}}');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configFile, 'utf8')) as Lwm2mConfig;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const publisher = await createPublisher(createKafka({ brokers, clientId: 'rosetta-lwm2m-adapter' }));
const metrics = createMetrics('lwm2m-adapter');
const adapter = await startLwm2mAdapter({
  publisher,
  config,
  metrics,
  port: Number(process.env.LWM2M_PORT ?? 5683),
});
// CoAP has no /healthz: health, readiness and metrics live on an HTTP admin port.
const kafkaAdmin = createKafka({ brokers, clientId: 'rosetta-lwm2m-admin' }).admin();
await kafkaAdmin.connect();
const adminServer = Fastify();
await adminServer.register(telemetryRoutes, {
  metrics,
  ready: () => kafkaReadiness(kafkaAdmin, [rawTopic('lwm2m-fw'), rawTopic('lwm2m-coap')]),
});
await adminServer.listen({
  host: process.env.ADMIN_HOST ?? '0.0.0.0',
  port: Number(process.env.LWM2M_ADMIN_PORT ?? 9465),
});
console.log(JSON.stringify({ level: 'info', msg: 'lwm2m adapter listening', port: adapter.port }));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void adapter.close().then(async () => {
      await publisher.close();
      process.exit(0);
    });
  });
}
