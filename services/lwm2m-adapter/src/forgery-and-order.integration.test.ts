import type { OutgoingRecord } from '@rosetta/kafka';
import type { RawRecord } from '@rosetta/raw-record';
import { createMetrics } from '@rosetta/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoSecLwm2mAdapter, startLwm2mAdapter } from './app.ts';
import { firmwareTlv, RawDevice, TLV, uriPath } from './raw-device.test-helper.ts';

// Over real UDP: a notification is matched by its random 8-byte token *and* the device's address, so another host
// cannot write a result in a device's name; one device's values are processed one after another, in Observe order.
const written: OutgoingRecord[] = [];
let writeDelayMs = 0;
const metrics = createMetrics('lwm2m-adapter');
const logs: Record<string, unknown>[] = [];
let adapter: NoSecLwm2mAdapter;
const devices: RawDevice[] = [];

const counter = async (name: string, label?: Record<string, string>) =>
  (await metrics.registry.getSingleMetric(name)?.get())?.values
    .filter((v) => !label || Object.entries(label).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0) ?? 0;

const codesOf = (endpoint: string) =>
  written
    .map((r) => JSON.parse(String(r.value)) as RawRecord)
    .flatMap((r) => r.results)
    .filter((r) => r.device.id === endpoint)
    .map((r) => `${r.previousCode ?? '-'}→${r.code}`);

async function device(endpoint: string): Promise<RawDevice> {
  const d = await new RawDevice(adapter.port).open();
  devices.push(d);
  expect(await d.registerAndFollow(endpoint)).toBe('2.01');
  for (let i = 0; i < 100 && codesOf(endpoint).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return d;
}

/** The observation's first value: State 0 and Update Result 0. */
const FIRST = ['-→state/0', '-→0'];
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  adapter = await startLwm2mAdapter({
    port: 0,
    host: '127.0.0.1',
    config: { tenants: { acme: { endpoints: ['dev-*'] } } },
    publisher: {
      publish: async (records) => {
        if (writeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, writeDelayMs));
        written.push(...records);
      },
      close: async () => undefined,
    },
    log: (line) => logs.push(line),
    metrics,
  });
});
afterAll(async () => {
  for (const d of devices) d.close();
  await adapter.close();
});

describe('LwM2M results cannot be forged in NoSec', () => {
  it('gives every observation a random 8-byte token and every registration a 128-bit id', async () => {
    const a = await device('dev-token-a');
    const b = await device('dev-token-b');
    expect(a.observeToken).toHaveLength(8);
    expect(a.observeToken.equals(b.observeToken)).toBe(false);
    expect(a.registration).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses (Reset) a notification sent with a real token from another address, and publishes nothing', async () => {
    const victim = await device('dev-victim');
    const attacker = await device('dev-attacker');
    const before = written.length;
    const id = attacker.notify(9, 0, 1, victim.observeToken); // "Update Result 1 (success)" in the victim's name
    expect(await attacker.next((p) => p.reset && p.messageId === id)).toMatchObject({ reset: true });
    await settle(100);
    expect(written.length).toBe(before);
    expect(codesOf('dev-victim')).toEqual(FIRST);
    // The victim's own observation still works.
    const own = victim.notify(2, 1);
    expect(await victim.next((p) => p.ack && p.messageId === own)).toBeDefined();
    expect(codesOf('dev-victim')).toEqual([...FIRST, 'state/0→state/1']);
  });

  it('counts and logs an endpoint re-registered from another address', async () => {
    await device('dev-moving');
    const before = await counter('rosetta_lwm2m_reregistrations_total');
    await device('dev-moving');
    expect(await counter('rosetta_lwm2m_reregistrations_total')).toBe(before + 1);
    expect(logs.some((l) => l.msg === 'endpoint re-registered from another address')).toBe(true);
  });
});

describe('one device, one value at a time, in Observe order', () => {
  it('two changes sent back to back (while the first write is slow) give exactly the two right outcomes', async () => {
    const d = await device('dev-burst');
    writeDelayMs = 50;
    const first = d.notify(2, 1);
    const second = d.notify(3, 2);
    expect(await d.next((p) => p.ack && p.messageId === second, 3000)).toBeDefined();
    expect(await d.next((p) => p.ack && p.messageId === first)).toBeDefined();
    writeDelayMs = 0;
    expect(codesOf('dev-burst')).toEqual([...FIRST, 'state/0→state/1', 'state/1→state/2']);
  });

  it('twelve changes 1 ms apart give twelve outcomes, each from the one before', async () => {
    const d = await device('dev-twelve');
    writeDelayMs = 5;
    const states = [1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0];
    const ids: number[] = [];
    for (const [i, state] of states.entries()) {
      ids.push(d.notify(i + 2, state));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    for (const id of ids) expect(await d.next((p) => p.ack && p.messageId === id, 3000)).toBeDefined();
    writeDelayMs = 0;
    const expected = states.map((s, i) => `state/${i === 0 ? 0 : states[i - 1]}→state/${s}`);
    expect(codesOf('dev-twelve')).toEqual([...FIRST, ...expected]);
  });

  it('drops (and acknowledges) a notification older than one already processed, and counts it', async () => {
    const d = await device('dev-reorder');
    const before = await counter('rosetta_lwm2m_notifications_dropped_total', {
      reason: 'stale-observe-sequence',
    });
    const newer = d.notify(10, 2);
    expect(await d.next((p) => p.ack && p.messageId === newer)).toBeDefined();
    const older = d.notify(9, 1); // arrives late: reordered by the network
    expect(await d.next((p) => p.ack && p.messageId === older)).toBeDefined();
    expect(codesOf('dev-reorder')).toEqual([...FIRST, 'state/0→state/2']);
    expect(
      await counter('rosetta_lwm2m_notifications_dropped_total', { reason: 'stale-observe-sequence' }),
    ).toBe(before + 1);
  });

  it('a registration Update whose re-read crosses a notification gives each change once', async () => {
    const d = await device('dev-crossing');
    const downloading = d.notify(2, 1);
    expect(await d.next((p) => p.ack && p.messageId === downloading)).toBeDefined();
    writeDelayMs = 40;
    expect(await d.update()).toMatchObject({ code: '2.04' });
    // While the server re-reads /5/0 (State is 1 > 0, an update is in progress), the device notifies State 2.
    const reread = await d.next((p) => uriPath(p) === '5/0' && !p.options.some((o) => o.name === 'Observe'));
    const downloaded = d.notify(3, 2);
    d.answer(reread, firmwareTlv(2, 0));
    expect(await d.next((p) => p.ack && p.messageId === downloaded, 3000)).toBeDefined();
    await settle(200);
    writeDelayMs = 0;
    expect(codesOf('dev-crossing')).toEqual([...FIRST, 'state/0→state/1', 'state/1→state/2']);
  });

  it.each([
    ['3.5', '"v":3.5'],
    ['-7', '"v":-7'],
    ['1e308', '"v":1e308'],
    ['2^63', '"v":9223372036854775808'],
    ['"3" (a string)', '"vs":"3"'],
  ])('does not publish State %s (not an Integer enumeration value) and counts it', async (_name, value) => {
    const endpoint = `dev-bad-${_name.replace(/\W/g, '')}`;
    const d = await device(endpoint);
    const before = await counter('rosetta_lwm2m_notifications_dropped_total', {
      reason: 'not-an-enumeration-value',
    });
    const id = d.nextId();
    d.send({
      code: '2.05',
      confirmable: true,
      messageId: id,
      token: d.observeToken,
      options: [
        { name: 'Observe', value: Buffer.from([7]) },
        { name: 'Content-Format', value: Buffer.from([110]) }, // SenML JSON
      ],
      payload: Buffer.from(`[{"bn":"/5/0/","n":"3",${value}}]`),
    });
    expect(await d.next((p) => p.ack && p.messageId === id)).toBeDefined();
    expect(codesOf(endpoint)).toEqual(FIRST);
    expect(
      await counter('rosetta_lwm2m_notifications_dropped_total', { reason: 'not-an-enumeration-value' }),
    ).toBeGreaterThan(before);
  });
});

describe('registration input limits', () => {
  it.each([['a bad %-encoding in the query', ['x=%E0%A4%A']]])(
    'answers 4.00 for %s',
    async (_name, queries) => {
      const d = await new RawDevice(adapter.port).open();
      devices.push(d);
      expect(await d.registerAndFollow('dev-q', queries)).toBe('4.00');
    },
  );

  it('answers 4.00 for an endpoint name over 256 characters or with a space', async () => {
    const d = await new RawDevice(adapter.port).open();
    devices.push(d);
    expect(await d.registerAndFollow(`dev-${'x'.repeat(300)}`)).toBe('4.00');
    expect(await d.registerAndFollow('dev-a%20b')).toBe('4.00');
    expect(TLV).toHaveLength(2);
  });
});

describe('the observations gauge', () => {
  it('counts an observation once the device answered it and uncounts it at De-register, without waiting for a refresh', async () => {
    const before = await counter('rosetta_lwm2m_observations');
    const d = await device('dev-gauge');
    await settle(50);
    expect(await counter('rosetta_lwm2m_observations')).toBe(before + 1);
    d.send({
      code: 'DELETE',
      confirmable: true,
      messageId: d.nextId(),
      options: [
        { name: 'Uri-Path', value: Buffer.from('rd') },
        { name: 'Uri-Path', value: Buffer.from(d.registration) },
      ],
    });
    expect((await d.next((p) => p.code === '2.02'))?.code).toBe('2.02');
    expect(await counter('rosetta_lwm2m_observations')).toBe(before);
  });
});
