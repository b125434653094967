import { createKafka, createPublisher, rawTopic } from '@rosetta/kafka';
import { loadServiceConfigOrExit } from '@rosetta/service-config';
import {
  closeHttpGracefully,
  createMetrics,
  exitAfterShutdown,
  kafkaReadiness,
  telemetryRoutes,
} from '@rosetta/telemetry';
import Fastify from 'fastify';
import { startLwm2mAdapter } from './app.ts';
import { type Lwm2mServiceConfig, lwm2mConfigSpec } from './config.ts';

const config = loadServiceConfigOrExit<Lwm2mServiceConfig>(lwm2mConfigSpec);
const { brokers } = config.kafka;
const publisher = await createPublisher(createKafka({ brokers, clientId: 'rosetta-lwm2m-adapter' }));
const metrics = createMetrics('lwm2m-adapter');
const adapter = await startLwm2mAdapter({
  publisher,
  config,
  metrics,
  host: config.coap.host,
  port: config.coap.port,
});
// CoAP has no /healthz: health, readiness and metrics live on an HTTP admin port.
const kafkaAdmin = createKafka({ brokers, clientId: 'rosetta-lwm2m-admin' }).admin();
await kafkaAdmin.connect();
const adminServer = Fastify();
await adminServer.register(telemetryRoutes, {
  metrics,
  ready: () => kafkaReadiness(kafkaAdmin, [rawTopic('lwm2m-fw'), rawTopic('lwm2m-coap')]),
});
await adminServer.listen(config.admin);
console.log(JSON.stringify({ level: 'info', msg: 'lwm2m adapter listening', port: adapter.port }));
// SIGTERM: stop answering CoAP, flush the notifications already received to Kafka, then exit.
exitAfterShutdown([
  () => adapter.close(),
  () => publisher.close(),
  () => closeHttpGracefully(adminServer),
  () => kafkaAdmin.disconnect(),
]);
