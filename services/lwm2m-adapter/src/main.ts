import { LWM2M_KNOWN_VALUES_TOPIC, rawTopic, threadedPublisher } from '@rosetta/kafka';
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
import { PRODUCE_BATCHING, startLwm2mAdapter } from './app.ts';
import { lwm2mConfigSpec } from './config.ts';
import { kafkaKnownValues } from './known-values.ts';

const config = loadServiceConfigOrExit(lwm2mConfigSpec);
// Off unless the standard OTEL_* variables configure an exporter (README: Tracing).
const tracing = startTracing('rosetta-lwm2m-adapter');
const { brokers } = config.kafka;
// The Kafka client on a thread of its own, so produce requests never delay an answer to a device.
const publisher = await threadedPublisher(
  { brokers, clientId: 'rosetta-lwm2m-adapter', client: config.kafka.client },
  PRODUCE_BATCHING,
);
const metrics = createMetrics('lwm2m-adapter');
const log = createLogFn('lwm2m-adapter');
if (!config.noSec && !config.dtls.enabled) {
  log({
    level: 'error',
    msg: 'neither NoSec (noSec: true) nor coaps (dtls.enabled: true) is on: nothing to serve',
  });
  process.exit(2);
}
if (config.noSec)
  log({
    level: 'warn',
    msg: 'NoSec CoAP is ON: any host may register any allowed endpoint name; use coaps (dtls) in production',
    port: config.coap.port,
  });
// What was last written per endpoint, read back whole before the first device is answered (reconcile on Register).
const knownValues = await kafkaKnownValues(
  { brokers, clientId: 'rosetta-lwm2m-known-values', client: config.kafka.client },
  publisher,
  LWM2M_KNOWN_VALUES_TOPIC,
);
log({ msg: 'known LwM2M values read', endpoints: knownValues.size() });
const adapter = await startLwm2mAdapter({
  publisher,
  knownValues,
  config,
  metrics,
  log,
  ...(config.noSec ? config.coap : {}),
  ...(config.dtls.enabled ? { secure: { sessionSocket: config.dtls.sessionSocket } } : {}),
});
// CoAP has no /healthz: health, readiness and metrics live on an HTTP admin port.
const readiness = await kafkaReadinessProbe(brokers, 'rosetta-lwm2m-admin', [
  rawTopic('lwm2m-fw'),
  rawTopic('lwm2m-sw'),
  rawTopic('lwm2m-coap'),
  LWM2M_KNOWN_VALUES_TOPIC,
]);
const adminServer = await startAdminServer({ metrics, ready: readiness.ready, listen: config.admin });
log({
  msg: 'lwm2m adapter listening',
  noSec: config.noSec ? adapter.port : false,
  dtlsSessions: config.dtls.enabled ? config.dtls.sessionSocket : false,
  admin: config.admin.port,
});

// SIGTERM: stop answering CoAP, flush the notifications already received to Kafka, then exit.
exitAfterShutdown([
  () => adapter.close(),
  () => publisher.close(),
  () => closeHttpGracefully(adminServer),
  () => readiness.close(),
  () => tracing.shutdown(),
]);
