import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SimDevice, udpTransport } from '@rosetta/device-simulator';
import { createKafka, type KafkaMessage } from '@rosetta/kafka';
import { freePort } from '@rosetta/local-kafka';
import { afterAll, expect, inject, it } from 'vitest';
import { type Collector, type ExportedSpan, startCollector } from '../support/otel-collector.ts';
import { readUntil } from '../support/read-until.ts';

// One result through each adapter, with the whole gateway (`rosetta start`) exporting OTLP (http/protobuf) to a
// real OpenTelemetry Collector that writes what it receives to a file: each result must be one trace whose spans
// chain adapter → raw topic → normalizer → canonical topic, with the conventions' attributes. The gateway runs on
// the second Kafka client here (ROSETTA_KAFKA_CLIENT=platformatic), so every service is exercised on it end to end.
const brokers = inject('kafkaBrokers');
const kafka = createKafka({ brokers, clientId: 'tracing-e2e' });
const main = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));
let start: ChildProcess | undefined;
let collector: Collector | undefined;
let device: SimDevice | undefined;
afterAll(async () => {
  device?.close();
  if (start?.exitCode === null) start.kill('SIGKILL');
  await collector?.stop();
});

const KIND = { server: 2, producer: 4, consumer: 5 } as const;

const until = async <T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number) => {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return probe();
};

/** The four spans of one result, by parent links from the outcome's send span up to the adapter's server span. */
function chainOf(spans: ExportedSpan[], outcome: KafkaMessage) {
  const traceparent = outcome.headers?.ce_traceparent?.toString() ?? '';
  const [, traceId, spanId] = traceparent.split('-');
  const inTrace = spans.filter((s) => s.traceId === traceId);
  const byId = new Map(inTrace.map((s) => [s.spanId, s]));
  const sendOutcome = byId.get(spanId ?? '');
  const process = byId.get(sendOutcome?.parentSpanId ?? '');
  const sendRaw = byId.get(process?.parentSpanId ?? '');
  const server = byId.get(sendRaw?.parentSpanId ?? '');
  return { traceId, inTrace, sendOutcome, process, sendRaw, server };
}

// Topics of its own (ROSETTA_TOPIC_PREFIX): its normalizer starts from the beginning and must not re-normalize the
// whole history of the shared topics.
const run = randomUUID().slice(0, 8);
const prefix = `trace-${run}`;
const OUTCOMES_TOPIC = `${prefix}.outcomes.v1`;

it('each adapter’s result is one trace: server span → send raw → process → send outcome, across processes', async () => {
  collector = await startCollector();
  const [omadm, webhook, coap, lwm2mAdmin, normalizerAdmin] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  start = spawn(process.execPath, ['--import', 'tsx', main, 'start'], {
    env: {
      ...process.env,
      KAFKA_BROKERS: brokers.join(','),
      OMADM_PORT: String(omadm),
      WEBHOOK_PORT: String(webhook),
      LWM2M_PORT: String(coap),
      LWM2M_ADMIN_PORT: String(lwm2mAdmin),
      LWM2M_DTLS: 'false', // traces of NoSec CoAP here; coaps has tests of its own
      NORMALIZER_ADMIN_PORT: String(normalizerAdmin),
      NORMALIZER_GROUP_ID: `g-trace-${run}`,
      ROSETTA_INSTANCE_ID: `trace-${run}`,
      ROSETTA_KAFKA_CLIENT: 'platformatic',
      ROSETTA_TOPIC_PREFIX: prefix,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  start.stdout?.on('data', collect);
  start.stderr?.on('data', collect);
  expect(await until(() => (output.includes('Rosetta is running') ? true : undefined), 120_000), output).toBe(
    true,
  );
  expect(output).toContain('client platformatic');

  // The sender's own trace: the webhook result must continue it (same trace id, the server span its child).
  const senderTraceId = randomBytes(16).toString('hex');
  const senderSpanId = randomBytes(8).toString('hex');
  const webhookDevice = `trace-${run}-knox`;
  const sent = await fetch(`http://127.0.0.1:${webhook}/webhooks/knox-efota`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer local-dev-token',
      'content-type': 'application/json',
      traceparent: `00-${senderTraceId}-${senderSpanId}-01`,
    },
    body: JSON.stringify({ deviceId: webhookDevice, agentError: { code: -2402 } }),
  });
  expect(sent.status).toBe(202);

  const omadmDevice = `IMEI:4930051${String(Date.now()).slice(-8)}`;
  const alert = await fetch(`http://127.0.0.1:${omadm}/omadm/alerts`, {
    method: 'POST',
    headers: { authorization: 'Bearer local-dev-token', 'content-type': 'application/json' },
    body: JSON.stringify({
      id: `trace-${run}`,
      deviceId: omadmDevice,
      alerts: [{ type: 'org.openmobilealliance.dm.firmwareupdate.download', data: 402 }],
    }),
  });
  expect(alert.status).toBe(202);

  const endpoint = `trace-${run}-lwm2m`;
  device = new SimDevice(endpoint, udpTransport({ host: '127.0.0.1', port: Number(coap) }));
  expect(await device.register()).toBe('2.01');
  expect(await until(() => ((device?.observed() ?? 0) > 0 ? true : undefined), 30_000)).toBe(true);
  device.set(undefined, 5); // Update Result 5: integrity check failure

  const outcomeOf = async (deviceId: string) =>
    (
      await readUntil(
        kafka,
        OUTCOMES_TOPIC,
        (m) => m.key?.toString().endsWith(`/${deviceId}`) ?? false,
        1,
        60_000,
      )
    )[0];
  const outcomes = {
    webhook: await outcomeOf(webhookDevice),
    omadm: await outcomeOf(omadmDevice),
    lwm2m: await outcomeOf(endpoint),
  };
  for (const [adapter, outcome] of Object.entries(outcomes))
    expect(outcome, `${adapter}: no outcome on ${OUTCOMES_TOPIC}`).toBeDefined();

  const expectations = {
    webhook: {
      service: 'rosetta-webhook-adapter',
      server: 'POST /webhooks/knox-efota',
      raw: `${prefix}.raw.knox-efota`,
    },
    omadm: {
      service: 'rosetta-omadm-adapter',
      server: 'POST /omadm/alerts',
      raw: `${prefix}.raw.omadm-fumo`,
    },
    lwm2m: { service: 'rosetta-lwm2m-adapter', server: 'LwM2M report /5/0', raw: `${prefix}.raw.lwm2m-fw` },
  } as const;
  for (const [adapter, want] of Object.entries(expectations) as [
    keyof typeof expectations,
    (typeof expectations)[keyof typeof expectations],
  ][]) {
    const outcome = outcomes[adapter];
    if (!outcome) continue;
    const chain = await until(() => {
      const found = chainOf(collector?.spans() ?? [], outcome);
      return found.server ? found : undefined;
    }, 30_000);
    const found = chain ?? chainOf(collector.spans(), outcome);
    const { sendOutcome, process, sendRaw, server } = found;
    expect(
      server,
      `${adapter}: spans in its trace: ${JSON.stringify(found.inTrace.map((s) => s.name))}`,
    ).toBeDefined();
    expect(server).toMatchObject({ kind: KIND.server, service: want.service });
    expect(server?.name.startsWith(want.server.split(' ').slice(0, 2).join(' '))).toBe(true);
    expect(sendRaw).toMatchObject({
      kind: KIND.producer,
      name: `send ${want.raw}`,
      service: want.service,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': want.raw,
        'messaging.operation.type': 'send',
      },
    });
    expect(process).toMatchObject({
      kind: KIND.consumer,
      name: `process ${want.raw}`,
      service: 'rosetta-normalizer',
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': want.raw,
        'messaging.consumer.group.name': `g-trace-${run}`,
      },
    });
    expect(typeof process?.attributes['messaging.kafka.offset']).toBe('number');
    expect(typeof process?.attributes['messaging.destination.partition.id']).toBe('string');
    expect(sendOutcome).toMatchObject({
      kind: KIND.producer,
      name: `send ${OUTCOMES_TOPIC}`,
      service: 'rosetta-normalizer',
      attributes: {
        'messaging.destination.name': OUTCOMES_TOPIC,
        'messaging.kafka.message.key': outcome.key?.toString(),
      },
    });
    if (adapter === 'lwm2m') {
      expect(server?.attributes).toMatchObject({ 'network.transport': 'udp', 'lwm2m.endpoint': endpoint });
    } else {
      expect(server?.attributes).toMatchObject({
        'http.request.method': 'POST',
        'http.response.status_code': 202,
      });
      expect(server?.attributes['http.route']).toBeDefined();
    }
  }
  const webhookChain = chainOf(collector.spans(), outcomes.webhook as KafkaMessage);
  expect(webhookChain.traceId).toBe(senderTraceId);
  expect(webhookChain.server?.parentSpanId).toBe(senderSpanId);

  start.kill('SIGINT');
  expect(await new Promise<number | null>((resolve) => start?.once('exit', (c) => resolve(c)))).toBe(0);
}, 300_000);
