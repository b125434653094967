import { createSocket } from 'node:dgram';
import { generate, parse } from 'coap-packet';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listenCoapUdp } from './node-coap-server.ts';

// node-coap's server with Rosetta's patches, over real UDP: answers are cached as bytes for retransmitted requests,
// and nothing of an answered exchange stays armed.
let handled = 0;
let served: Awaited<ReturnType<typeof listenCoapUdp>>;
const udp = (port: number) =>
  listenCoapUdp({
    port,
    host: '127.0.0.1',
    reusePort: false,
    receiveBufferBytes: 1 << 20,
    maxQueuedBytes: 1 << 20,
    onDropped: () => undefined,
    log: () => undefined,
  });
const device = createSocket('udp4');
const answers: Buffer[] = [];

beforeAll(async () => {
  served = await udp(0);
  served.server.on('request', (_req, res) => {
    handled += 1;
    res.code = '2.01';
    res.end('created');
  });
  device.on('message', (m) => answers.push(m));
  await new Promise<void>((resolve) => device.bind(0, '127.0.0.1', () => resolve()));
});
afterAll(async () => {
  device.close();
  await served.close();
});

const request = (messageId: number) =>
  generate({
    code: '0.02',
    confirmable: true,
    messageId,
    token: Buffer.from([messageId & 0xff]),
    options: [{ name: 'Uri-Path', value: Buffer.from('rd') }],
  });
const send = (bytes: Buffer) =>
  new Promise<void>((resolve) =>
    device.send(bytes, served.socket.address().port, '127.0.0.1', () => resolve()),
  );
async function until(check: () => boolean): Promise<void> {
  for (const end = Date.now() + 3000; !check() && Date.now() < end; )
    await new Promise((resolve) => setTimeout(resolve, 10));
}
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

it('answers a retransmitted request from the cache, byte for byte, without handling it again', async () => {
  await send(request(7));
  await until(() => answers.length === 1);
  await send(request(7));
  await until(() => answers.length === 2);
  expect(handled).toBe(1);
  expect(answers[1]).toEqual(answers[0]);
  expect(parse(answers[0] ?? Buffer.alloc(0))).toMatchObject({ code: '2.01', ack: true, messageId: 7 });
});

it('leaves no timer armed per answered exchange (node-coap would keep one for 202 s)', async () => {
  const before = timers();
  const count = 200;
  answers.length = 0;
  for (let id = 1000; id < 1000 + count; id++) await send(request(id));
  await until(() => answers.length === count);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(answers).toHaveLength(count);
  expect(timers() - before).toBeLessThan(count / 10);
});

it('closes once however often it is asked (a shutdown signal during a close), and frees the port', async () => {
  const other = await udp(0);
  const { port } = other.socket.address();
  await Promise.all([other.close(), other.close()]);
  await expect(other.close()).resolves.toBeUndefined();
  const again = await udp(port);
  expect(again.socket.address().port).toBe(port);
  await again.close();
});

it('answers a CoAP ping (an empty CON) with a Reset of the same message id, without handling it', async () => {
  const before = handled;
  answers.length = 0;
  await send(Buffer.from([0x40, 0x00, 0xbe, 0xef]));
  await until(() => answers.length === 1);
  expect([...(answers[0] ?? [])]).toEqual([0x70, 0x00, 0xbe, 0xef]);
  expect(handled).toBe(before);
});
