import { randomUUID } from 'node:crypto';
import { CONTENT_FORMAT } from '@rosetta/codecs/lwm2m';
import { OutcomeCollector } from '@rosetta/contract-kit';
import { createKafka, createPublisher, OUTCOMES_TOPIC, type RecordPublisher, rawTopic } from '@rosetta/kafka';
import { type NoSecLwm2mAdapter, startLwm2mAdapter } from '@rosetta/lwm2m-adapter';
import type { Outcome } from '@rosetta/outcome-schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureLeshanClient, LeshanClient } from '../support/leshan-client.ts';
import { startTestNormalizer } from '../support/normalizer.ts';
import { readUntil } from '../support/read-until.ts';

// A real third-party LwM2M client (Eclipse Leshan, from Maven Central) registers with the adapter over UDP; the test
// drives its Object 5 and checks the canonical outcomes on the real broker after the normalizer.
const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'lwm2m-leshan' };
const kafka = createKafka(connection);
const tenant = `lw-${randomUUID().slice(0, 8)}`;
const stops: (() => Promise<void>)[] = [];
let collector: OutcomeCollector;
let publisher: RecordPublisher;

beforeAll(async () => {
  ensureLeshanClient();
  collector = await OutcomeCollector.start(kafka, OUTCOMES_TOPIC, (key) => key.startsWith(`${tenant}/`));
  stops.push(() => collector.stop());
  publisher = await createPublisher(connection);
  stops.push(() => publisher.close());
  const normalizer = await startTestNormalizer(brokers, tenant);
  stops.push(() => normalizer.stop());
}, 300_000);
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

async function adapter(accept?: number): Promise<NoSecLwm2mAdapter> {
  const a = await startLwm2mAdapter({
    publisher,
    port: 0,
    host: '127.0.0.1',
    config: { tenants: { [tenant]: { endpoints: [`${tenant}-*`] } }, ...(accept ? { accept } : {}) },
    log: () => undefined,
  });
  stops.push(() => a.close());
  return a;
}

const codes = (endpoint: string) =>
  collector.all.filter((o) => o.device.id === endpoint).map((o) => [o.source.code, o.outcome.code] as const);

async function waitForCode(
  endpoint: string,
  canonical: string,
  match: (o: Outcome) => boolean = (o) => o.source.protocol === 'lwm2m-fw',
): Promise<Outcome> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = collector.all.find(
      (o) => o.device.id === endpoint && o.outcome.code === canonical && match(o),
    );
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`${endpoint}: no ${canonical}; saw ${JSON.stringify(codes(endpoint))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A Leshan client registered with `a`, its Firmware Update and Software Management instances observed. */
async function started(a: NoSecLwm2mAdapter, endpoint: string, queueMode = false): Promise<LeshanClient> {
  const client = LeshanClient.start(a.port, endpoint, [], { queueMode });
  stops.push(() => client.stop());
  await client.waitFor(/registered \S+/);
  await waitForCode(endpoint, 'IDLE'); // the first notification of /5/0/3 (state 0)
  await waitForCode(endpoint, 'IDLE', software); // and of /9/0/7 (Update State 0)
  return client;
}

const software = (o: Outcome) => o.source.protocol === 'lwm2m-sw';

/**
 * A step is a client command, or [command, canonical code to wait for]: a real device spends seconds in each State,
 * while Californium drops a notification still unacknowledged when the next change comes (RFC 7641 §4.5.2), so
 * steps sent back to back may legitimately skip a State.
 */
async function drive(
  a: NoSecLwm2mAdapter,
  name: string,
  steps: (string | [string, string])[],
  final: string,
): Promise<Outcome> {
  const endpoint = `${tenant}-${name}`;
  const client = await started(a, endpoint);
  for (const step of steps) {
    await client.send(typeof step === 'string' ? step : step[0]);
    if (typeof step !== 'string') await waitForCode(endpoint, step[1]);
  }
  const outcome = await waitForCode(endpoint, final);
  await client.stop();
  return outcome;
}

describe('LwM2M adapter with Eclipse Leshan', () => {
  it('download → update → success, each State and the final Update Result on the canonical topic', async () => {
    const a = await adapter();
    const outcome = await drive(
      a,
      'success',
      [['state 1', 'DOWNLOADING'], ['state 2', 'DOWNLOAD_COMPLETED'], ['state 3', 'UPDATING'], 'fw 0 1'],
      'UPDATE_SUCCEEDED',
    );
    const endpoint = `${tenant}-success`;
    expect(codes(endpoint).map(([, c]) => c)).toEqual(
      expect.arrayContaining([
        'IDLE',
        'NO_RESULT_YET',
        'DOWNLOADING',
        'DOWNLOAD_COMPLETED',
        'UPDATING',
        'UPDATE_SUCCEEDED',
      ]),
    );
    expect(outcome).toMatchObject({
      tenant,
      device: { id: endpoint, endpoint, manufacturer: 'Eclipse Leshan', model: 'rosetta-test-device' },
      operation: { type: 'firmware_update', package: { name: 'rosetta-test-firmware', version: '2.1.0' } },
      outcome: { status: 'succeeded', final: true },
      source: { protocol: 'lwm2m-fw', code: '1', previousCode: '0' },
    });
  });

  it.each([
    ['integrity', 'PACKAGE_INTEGRITY_FAILED', '5', ['state 1', 'state 2', 'fw 0 5']],
    ['connection-lost', 'NETWORK_CONNECTION_LOST', '4', ['state 1', 'fw 0 4']],
    ['cancelled', 'UPDATE_CANCELLED', '10', ['state 1', 'state 2', 'fw 0 10']],
  ] as const)('%s: the Update Result becomes %s', async (name, canonical, raw, steps) => {
    const a = await adapter();
    const outcome = await drive(a, name, [...steps], canonical);
    expect(outcome.source.code).toBe(raw);
  });

  it('infers a missed Downloaded state and labels it inferred', async () => {
    const a = await adapter();
    await drive(a, 'skip', ['state 1', 'state 3', 'fw 0 1'], 'UPDATE_SUCCEEDED');
    const inferred = collector.all.find(
      (o) => o.device.id === `${tenant}-skip` && o.source.code === 'state/2',
    );
    expect(inferred).toMatchObject({ inferred: true, outcome: { code: 'DOWNLOAD_COMPLETED' } });
  });

  // Leshan 2 is an LwM2M 1.1 client: unasked, it answers an instance in TLV; the server may ask by Accept for SenML
  // JSON or CBOR (1.1) or the 1.0 LwM2M JSON.
  it.each([
    ['client default', undefined, String(CONTENT_FORMAT.TLV)],
    ['tlv', CONTENT_FORMAT.TLV, String(CONTENT_FORMAT.TLV)],
    ['senml-json', CONTENT_FORMAT.SENML_JSON, String(CONTENT_FORMAT.SENML_JSON)],
    ['senml-cbor', CONTENT_FORMAT.SENML_CBOR, String(CONTENT_FORMAT.SENML_CBOR)],
    ['lwm2m-json', CONTENT_FORMAT.LWM2M_JSON, String(CONTENT_FORMAT.LWM2M_JSON)],
  ] as const)(
    '%s: the integrity failure arrives as received and maps the same',
    async (name, accept, wire) => {
      const a = await adapter(accept);
      const label = name.replace(' ', '-');
      const outcome = await drive(a, label, ['state 1', 'fw 0 5'], 'PACKAGE_INTEGRITY_FAILED');
      expect(outcome.source.code).toBe('5');
      // The raw record keeps the payload as received: this is the format that was on the wire.
      const raw = await readUntil(
        kafka,
        rawTopic('lwm2m-fw'),
        (m) => m.key?.toString() === `${tenant}/${tenant}-${label}`,
        1,
      );
      expect(JSON.parse(raw[0]?.value?.toString() ?? '{}').received.contentType).toBe(wire);
    },
  );

  it('Object 9: an install failure reported by observation becomes INSTALL_FAILED with its package', async () => {
    const a = await adapter();
    const endpoint = `${tenant}-sw-observed`;
    const client = await started(a, endpoint);
    await client.send('sw 0 1 0 0');
    await waitForCode(endpoint, 'DOWNLOADING', software);
    await client.send('sw 0 3 0 0');
    await waitForCode(endpoint, 'READY_TO_UPDATE', software);
    await client.send('sw 0 3 58 0');
    const outcome = await waitForCode(endpoint, 'INSTALL_FAILED', software);
    expect(outcome).toMatchObject({
      device: { id: endpoint, manufacturer: 'Eclipse Leshan' },
      operation: { type: 'software_install', package: { name: 'rosetta-test-app', version: '1.0.0' } },
      outcome: { status: 'failed', final: true },
      source: { protocol: 'lwm2m-sw', code: '58', previousCode: '0' },
    });
    await client.stop();
  });

  it.each([
    ['json', String(CONTENT_FORMAT.SENML_JSON)],
    ['cbor', String(CONTENT_FORMAT.SENML_CBOR)],
  ] as const)('Object 9: an install failure reported by LwM2M Send (SenML %s) only', async (format, wire) => {
    const a = await adapter();
    const endpoint = `${tenant}-sw-send-${format}`;
    const client = await started(a, endpoint);
    await client.send('sw-quiet 0 3 58 0'); // no notification: only the Send carries it
    await client.send(`send ${format} /9/0`);
    await client.waitFor(/sent CHANGED/);
    const outcome = await waitForCode(endpoint, 'INSTALL_FAILED', software);
    expect(outcome.source).toMatchObject({ protocol: 'lwm2m-sw', code: '58', previousCode: '0' });
    const raw = await readUntil(
      kafka,
      rawTopic('lwm2m-sw'),
      (m) =>
        m.key?.toString() === `${tenant}/${endpoint}` && m.value?.toString().includes('"code":"58"') === true,
      1,
    );
    expect(JSON.parse(raw[0]?.value?.toString() ?? '{}').received.contentType).toBe(wire);
    await client.stop();
  });

  it('a firmware result reached while the device rebooted is written on its next Register, against the values before', async () => {
    const a = await adapter();
    const endpoint = `${tenant}-reboot`;
    const client = await started(a, endpoint);
    await client.send('state 1');
    await waitForCode(endpoint, 'DOWNLOADING');
    await client.send('state 3');
    await waitForCode(endpoint, 'UPDATING');
    await client.send('offline'); // the device reboots into the new image: no De-register, nothing notified
    await client.send('fw 0 1');
    await client.send('online');
    await client.waitFor(/registered \S+[\s\S]*registered \S+/);
    const outcome = await waitForCode(endpoint, 'UPDATE_SUCCEEDED');
    expect(outcome.source).toMatchObject({ protocol: 'lwm2m-fw', code: '1', previousCode: '0' });
    const idle = collector.all.filter((o) => o.device.id === endpoint && o.source.code === 'state/0');
    expect(idle.map((o) => o.source.previousCode)).toContain('state/3');
    await client.stop();
  });

  it('queue mode: the client registers with Q, its result arrives, and the server asks only after its Update', async () => {
    const a = await adapter();
    const endpoint = `${tenant}-queue`;
    const client = await started(a, endpoint, true);
    expect(a.registrations.byEndpoint(endpoint)?.awakeUntil).toBeGreaterThan(Date.now());
    await client.send('state 1');
    await waitForCode(endpoint, 'DOWNLOADING');
    const reads = () => client.output.split('read /5/0').length - 1;
    const before = reads();
    await client.send('update'); // awake again: the server reads the instance in progress
    await client.waitFor(/updated/);
    for (let i = 0; i < 100 && reads() === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(reads()).toBe(before + 1);
    await client.send('fw 0 5');
    const outcome = await waitForCode(endpoint, 'PACKAGE_INTEGRITY_FAILED');
    expect(outcome.source.code).toBe('5');
    await client.stop();
  });
});
