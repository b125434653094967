import { createSocket, type Socket } from 'node:dgram';
import type { OutgoingRecord } from '@rosetta/kafka';
import { createMetrics } from '@rosetta/telemetry';
import { generate, type ParsedPacket, parse } from 'coap-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoSecLwm2mAdapter, startLwm2mAdapter } from './app.ts';

// A device written here in raw CoAP bytes, over real UDP, sends confirmable notifications. The adapter must
// acknowledge one only after its raw record is written; a failed write leaves it unacknowledged so the device sends
// it again. The publisher is an in-process stand-in that can be told to fail: this test is about the CoAP side.
const TLV = Buffer.from([0x2d, 0x16]);
const firmwareTlv = (state: number, result: number) => Buffer.from([0xc1, 3, state, 0xc1, 5, result]);

let adapter: NoSecLwm2mAdapter;
const metrics = createMetrics('lwm2m-adapter');
const metricValue = async (name: string) =>
  (await metrics.registry.getSingleMetric(name)?.get())?.values.reduce((sum, v) => sum + v.value, 0);
let failures = 0;
let writeDelayMs = 0;
const written: OutgoingRecord[] = [];
const device: Socket = createSocket('udp4');
const inbox: ParsedPacket[] = [];
let observeToken: Buffer = Buffer.alloc(0);
let registration = '';

function send(packet: Parameters<typeof generate>[0]): void {
  device.send(generate(packet), adapter.port, '127.0.0.1');
}

async function next(
  match: (p: ParsedPacket) => boolean,
  timeoutMs = 1500,
): Promise<ParsedPacket | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const index = inbox.findIndex(match);
    if (index >= 0) return inbox.splice(index, 1)[0];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

const path = (p: ParsedPacket) =>
  p.options
    .filter((o) => o.name === 'Uri-Path')
    .map((o) => o.value.toString())
    .join('/');

function notify(messageId: number, state: number, token = observeToken): void {
  send({
    code: '2.05',
    confirmable: true,
    messageId,
    token,
    options: [
      { name: 'Observe', value: Buffer.from([messageId & 0xff]) },
      { name: 'Content-Format', value: TLV },
    ],
    payload: firmwareTlv(state, 0),
  });
}

async function registerAndFollow(messageId: number): Promise<void> {
  send({
    code: '0.02',
    confirmable: true,
    messageId,
    token: Buffer.from([9]),
    options: [
      { name: 'Uri-Path', value: Buffer.from('rd') },
      { name: 'Content-Format', value: Buffer.from([40]) },
      { name: 'Uri-Query', value: Buffer.from('ep=ack-1') },
      { name: 'Uri-Query', value: Buffer.from('lt=60') },
      { name: 'Uri-Query', value: Buffer.from('lwm2m=1.1') },
    ],
    payload: Buffer.from('</3/0>,</5/0>'),
  });
  const created = await next((p) => p.code === '2.01' && p.messageId === messageId);
  registration = created?.options.filter((o) => o.name === 'Location-Path')[1]?.value.toString() ?? '';
  // The adapter reads /3/0, then observes /5/0: answer both as a device would (piggybacked on the ACK).
  const read = await next((p) => path(p) === '3/0');
  send({
    code: '2.05',
    ack: true,
    messageId: read?.messageId ?? 0,
    token: read?.token ?? Buffer.alloc(0),
    payload: Buffer.alloc(0),
    options: [{ name: 'Content-Format', value: TLV }],
  });
  const observe = await next((p) => path(p) === '5/0');
  observeToken = observe?.token ?? Buffer.alloc(0);
  send({
    code: '2.05',
    ack: true,
    messageId: observe?.messageId ?? 0,
    token: observeToken,
    options: [
      { name: 'Observe', value: Buffer.from([1]) },
      { name: 'Content-Format', value: TLV },
    ],
    payload: firmwareTlv(0, 0),
  });
}

beforeAll(async () => {
  adapter = await startLwm2mAdapter({
    port: 0,
    host: '127.0.0.1',
    config: { tenants: { acme: { endpoints: ['ack-*'] } } },
    publisher: {
      publish: async (records) => {
        if (writeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, writeDelayMs));
        if (failures > 0) {
          failures -= 1;
          throw new Error('Kafka unavailable (simulated)');
        }
        written.push(...records);
      },
      close: async () => undefined,
    },
    log: () => undefined,
    metrics,
  });
  device.on('message', (message) => inbox.push(parse(message)));
  await new Promise<void>((resolve) => device.bind(0, '127.0.0.1', () => resolve()));
  await registerAndFollow(1);
  for (let i = 0; i < 100 && written.length === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
});
let closed = false;
afterAll(async () => {
  device.close();
  if (!closed) await adapter.close();
});

describe('confirmable notifications are acknowledged only once Kafka has them', () => {
  it('the registration was followed: observed /5/0 and wrote the first State', () => {
    expect(registration).toMatch(/^[0-9a-f]{32}$/);
    expect(observeToken.length).toBe(8);
    expect(written).toHaveLength(1);
  });

  it('a failed write leaves the notification unacknowledged; its retransmission is written once and acknowledged', async () => {
    failures = 1;
    notify(100, 1);
    expect(await next((p) => p.ack && p.messageId === 100, 600)).toBeUndefined();
    expect(written).toHaveLength(1);
    notify(100, 1); // the device's retransmission (same message id)
    expect(await next((p) => p.ack && p.messageId === 100)).toMatchObject({ code: '0.00', ack: true });
    expect(written).toHaveLength(2);
    expect(JSON.parse(String(written[1]?.value)).results[0].code).toBe('state/1');
    expect(await metricValue('rosetta_kafka_producer_errors_total')).toBe(1);
    expect(await metricValue('rosetta_results_accepted_total')).toBe(2);
  });

  it('a retransmission whose ACK was lost is acknowledged again and not written twice', async () => {
    notify(100, 1);
    expect(await next((p) => p.ack && p.messageId === 100)).toMatchObject({ code: '0.00', ack: true });
    expect(written).toHaveLength(2);
  });

  it('a notification for a token the adapter does not know is answered with Reset', async () => {
    notify(200, 2, Buffer.from([1, 2, 3, 4]));
    expect(await next((p) => p.reset && p.messageId === 200)).toMatchObject({ code: '0.00', reset: true });
  });

  it('after De-register, the old observation is refused with Reset, which ends it on the device', async () => {
    send({
      code: '0.04',
      confirmable: true,
      messageId: 300,
      token: Buffer.from([7]),
      options: [
        { name: 'Uri-Path', value: Buffer.from('rd') },
        { name: 'Uri-Path', value: Buffer.from(registration) },
      ],
    });
    expect(await next((p) => p.messageId === 300)).toMatchObject({ code: '2.02' });
    notify(301, 3);
    expect(await next((p) => p.reset && p.messageId === 301)).toMatchObject({ reset: true });
    expect(written).toHaveLength(2);
  });

  it('on shutdown, a notification being written is finished and acknowledged before the socket closes', async () => {
    const initial = written.length;
    await registerAndFollow(2);
    for (let i = 0; i < 100 && written.length === initial; i++) await new Promise((r) => setTimeout(r, 10));
    const before = written.length; // the re-registration's first State is in
    writeDelayMs = 300;
    notify(400, 1);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the write is under way
    await adapter.close();
    closed = true;
    expect(written.length).toBe(before + 1);
    expect(await next((p) => p.ack && p.messageId === 400)).toMatchObject({ code: '0.00', ack: true });
  });
});
