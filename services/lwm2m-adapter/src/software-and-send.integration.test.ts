import type { OutgoingRecord } from '@rosetta/kafka';
import type { RawRecord } from '@rosetta/raw-record';
import { createMetrics } from '@rosetta/telemetry';
import type { ParsedPacket } from 'coap-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoSecLwm2mAdapter, startLwm2mAdapter } from './app.ts';
import { notify, RawDevice, softwareTlv, TLV, uriPath } from './raw-device.test-helper.ts';

// Over real UDP, raw CoAP bytes: Object 9 instances observed one by one (an instance added later too, from the
// registration Update that lists it), each observation with its own Observe order; LwM2M Send (POST /dp) with its
// answers: 2.04 once in Kafka, 4.00 / 4.04 refusals counted, 5.03 when Kafka does not take it.
const written: OutgoingRecord[] = [];
let failWrites = false;
const metrics = createMetrics('lwm2m-adapter');
let adapter: NoSecLwm2mAdapter;
const devices: RawDevice[] = [];

const refused = async (reason: string) =>
  (await metrics.registry.getSingleMetric('rosetta_lwm2m_send_refused_total')?.get())?.values
    .filter((v) => v.labels.reason === reason)
    .reduce((sum, v) => sum + v.value, 0) ?? 0;

const recordsOf = (endpoint: string) =>
  written
    .map((r) => JSON.parse(String(r.value)) as RawRecord)
    .filter((r) => r.results.some((x) => x.device.id === endpoint));
const codesOf = (endpoint: string, vocabulary = 'lwm2m-sw') =>
  recordsOf(endpoint)
    .filter((r) => r.vocabulary === vocabulary)
    .flatMap((r) => r.results)
    .map((r) => `${r.previousCode ?? '-'}→${r.code}`);

const until = async (check: () => boolean, ms = 2000) => {
  for (const deadline = Date.now() + ms; !check() && Date.now() < deadline; )
    await new Promise((r) => setTimeout(r, 10));
};

const SENML_JSON = Buffer.from([110]);

beforeAll(async () => {
  adapter = await startLwm2mAdapter({
    port: 0,
    host: '127.0.0.1',
    config: { tenants: { acme: { endpoints: ['sw-*'] } } },
    publisher: {
      publish: async (records) => {
        if (failWrites) throw new Error('broker unavailable');
        written.push(...records);
      },
      close: async () => undefined,
    },
    log: () => undefined,
    metrics,
  });
});
afterAll(async () => {
  for (const d of devices) d.close();
  await adapter.close();
});

const register = async (endpoint: string, objects: string, first: Record<string, Buffer>) => {
  const d = await new RawDevice(adapter.port).open();
  devices.push(d);
  return { d, tokens: await d.registerWith(endpoint, objects, first) };
};

async function send(d: RawDevice, payload: Buffer, format = SENML_JSON): Promise<ParsedPacket | undefined> {
  const messageId = d.nextId();
  d.send({
    code: '0.02',
    confirmable: true,
    messageId,
    token: Buffer.from([7, 7]),
    options: [
      { name: 'Uri-Path', value: Buffer.from('dp') },
      { name: 'Content-Format', value: format },
    ],
    payload,
  });
  return d.next((p) => p.messageId === messageId, 3000);
}

describe('LwM2M Object 9 (Software Management)', () => {
  it('observes every listed instance; an install failure becomes an lwm2m-sw record with its package', async () => {
    const { d, tokens } = await register('sw-observe', '</3/0>,</9/0>,</9/1>', {
      '9/0': softwareTlv('nav', 3, 0),
      '9/1': softwareTlv('maps', 4, 2),
    });
    await until(() => codesOf('sw-observe').length >= 4);
    const id = notify(d, tokens['9/0'] ?? Buffer.alloc(0), 2, softwareTlv('nav', 3, 58));
    expect(await d.next((p) => p.ack && p.messageId === id)).toBeDefined();
    expect(codesOf('sw-observe')).toEqual(['-→state/3', '-→0', '-→state/4', '-→2', '0→58']);
    const failure = recordsOf('sw-observe').at(-1)?.results[0];
    expect(failure).toMatchObject({
      operationType: 'software_install',
      package: { name: 'nav' },
      code: '58',
    });
  });

  it('keeps one Observe order per observation: a lower value on another instance is not stale', async () => {
    const { d, tokens } = await register('sw-order', '</5/0>,</9/0>', {
      '5/0': Buffer.from([0xc1, 3, 0, 0xc1, 5, 0]),
      '9/0': softwareTlv('nav', 1, 0),
    });
    await until(() => codesOf('sw-order').length >= 2);
    notify(d, tokens['9/0'] ?? Buffer.alloc(0), 40, softwareTlv('nav', 2, 0));
    const id = notify(d, tokens['5/0'] ?? Buffer.alloc(0), 3, Buffer.from([0xc1, 3, 1, 0xc1, 5, 0]));
    expect(await d.next((p) => p.ack && p.messageId === id)).toBeDefined();
    expect(codesOf('sw-order')).toEqual(['-→state/1', '-→0', 'state/1→state/2']);
    expect(codesOf('sw-order', 'lwm2m-fw')).toContain('state/0→state/1');
    // The same instance's older value is stale and dropped.
    const stale = notify(d, tokens['9/0'] ?? Buffer.alloc(0), 39, softwareTlv('nav', 3, 0));
    expect(await d.next((p) => p.ack && p.messageId === stale)).toBeDefined();
    expect(codesOf('sw-order')).not.toContain('state/2→state/3');
  });

  it('observes an instance a registration Update lists, and forgets one it no longer lists', async () => {
    const { d, tokens } = await register('sw-later', '</3/0>,</9/0>', { '9/0': softwareTlv('nav', 4, 2) });
    expect((await d.update(d.registration, '</3/0>,</9/1>'))?.code).toBe('2.04');
    const observe = await d.next((p) => uriPath(p) === '9/1');
    d.answer(observe, softwareTlv('weather', 1, 0), 1);
    await until(() => codesOf('sw-later').includes('-→state/1'));
    expect(codesOf('sw-later')).toContain('-→state/1');
    // /9/0 is gone from the list: its next notification is answered with Reset (the observation ends).
    const id = notify(d, tokens['9/0'] ?? Buffer.alloc(0), 5, softwareTlv('nav', 0, 0));
    expect(await d.next((p) => p.reset && p.messageId === id)).toBeDefined();
  });
});

describe('LwM2M Send (POST /dp)', () => {
  it('2.04 once the values are in Kafka: Object 9 and Object 5 values in one pack, stamped with their times', async () => {
    const { d } = await register('sw-send', '</3/0>,</5/0>,</9/0>', {
      '5/0': Buffer.from([0xc1, 3, 3, 0xc1, 5, 0]),
      '9/0': softwareTlv('nav', 3, 0),
    });
    await until(() => codesOf('sw-send').length >= 2);
    const pack = [
      { bn: '/9/0/', bt: 1_796_479_200, n: '9', v: 58 },
      { bn: '/5/0/', n: '3', v: 0 },
      { n: '5', v: 1 },
      { bn: '/3/0/', n: '9', v: 87 },
    ];
    const answer = await send(d, Buffer.from(JSON.stringify(pack)));
    expect(answer?.code).toBe('2.04');
    const software = recordsOf('sw-send')
      .filter((r) => r.vocabulary === 'lwm2m-sw')
      .at(-1)?.results;
    expect(software).toEqual([
      expect.objectContaining({ code: '58', occurredAt: '2026-12-05T14:00:00.000Z' }),
    ]);
    expect(codesOf('sw-send', 'lwm2m-fw')).toEqual(expect.arrayContaining(['state/3→state/0', '0→1']));
  });

  it('refuses with the codes of LwM2M 1.1 Send, and counts each reason', async () => {
    const { d } = await register('sw-refused', '</3/0>,</5/0>', {
      '5/0': Buffer.from([0xc1, 3, 0, 0xc1, 5, 0]),
    });
    const stranger = await new RawDevice(adapter.port).open();
    devices.push(stranger);
    const before = {
      none: await refused('no-registration'),
      object: await refused('object-not-registered'),
      format: await refused('not-senml'),
      bad: await refused('undecodable'),
    };
    const result58 = Buffer.from(JSON.stringify([{ n: '/9/0/9', v: 58 }]));
    expect((await send(stranger, result58))?.code).toBe('4.00');
    expect((await send(d, result58))?.code).toBe('4.04');
    expect((await send(d, Buffer.from([0xc1, 5, 1]), TLV))?.code).toBe('4.00');
    expect((await send(d, Buffer.from('[{"n":"/5/0/5","v":1,"bt":1e300}]')))?.code).toBe('4.00');
    expect(await refused('no-registration')).toBe(before.none + 1);
    expect(await refused('object-not-registered')).toBe(before.object + 1);
    expect(await refused('not-senml')).toBe(before.format + 1);
    expect(await refused('undecodable')).toBe(before.bad + 1);
    expect(recordsOf('sw-refused').flatMap((r) => r.results.map((x) => x.code))).not.toContain('1');
  });

  it('5.03 when Kafka does not take the values: the device sends again, and nothing was held', async () => {
    const { d } = await register('sw-retry', '</3/0>,</9/0>', { '9/0': softwareTlv('nav', 3, 0) });
    await until(() => codesOf('sw-retry').length >= 2);
    const pack = Buffer.from(JSON.stringify([{ n: '/9/0/9', v: 58 }]));
    failWrites = true;
    try {
      expect((await send(d, pack))?.code).toBe('5.03');
    } finally {
      failWrites = false;
    }
    expect((await send(d, pack))?.code).toBe('2.04');
    expect(codesOf('sw-retry')).toEqual(['-→state/3', '-→0', '0→58']);
  });
});
