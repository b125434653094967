import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoSecLwm2mAdapter, startLwm2mAdapter } from './app.ts';
import { RawDevice, uriPath } from './raw-device.test-helper.ts';

// Queue mode over real UDP: a device that registers with Q is sent requests only within the awake window after its
// Register or Update; a request it did not answer in time is not retransmitted into its sleep, and goes out again
// when the device next wakes (its registration Update).
let adapter: NoSecLwm2mAdapter;
const devices: RawDevice[] = [];

beforeAll(async () => {
  adapter = await startLwm2mAdapter({
    port: 0,
    host: '127.0.0.1',
    config: { tenants: { acme: { endpoints: ['q-*'] } }, queueAwakeSeconds: 1 },
    publisher: { publish: async () => undefined, close: async () => undefined },
    log: () => undefined,
  });
});
afterAll(async () => {
  for (const d of devices) d.close();
  await adapter.close();
});

describe('LwM2M queue mode', () => {
  it('sends nothing into a sleeping device, and asks again when it wakes', async () => {
    const d = await new RawDevice(adapter.port).open();
    devices.push(d);
    const created = await d.register('q-sleeper', '</3/0>,</5/0>', ['Q']);
    expect(created?.code).toBe('2.01');
    expect(adapter.registrations.byEndpoint('q-sleeper')?.awakeUntil).toBeGreaterThan(Date.now());
    const registration =
      created?.options.filter((o) => o.name === 'Location-Path')[1]?.value.toString() ?? '';
    // Asleep right after registering: the /3/0 read goes out once, and is not retransmitted (ACK_TIMEOUT 2-3 s).
    expect(await d.next((p) => uriPath(p) === '3/0')).toBeDefined();
    await new Promise((r) => setTimeout(r, 4500));
    expect(d.inbox.filter((p) => uriPath(p) === '3/0')).toHaveLength(0);
    // It wakes: a registration Update; the read goes out again, then the observe.
    expect((await d.update(registration))?.code).toBe('2.04');
    const read = await d.next((p) => uriPath(p) === '3/0', 3000);
    expect(read).toBeDefined();
    d.answer(read, Buffer.alloc(0));
    const observe = await d.next((p) => uriPath(p) === '5/0', 3000);
    expect(observe?.options.some((o) => o.name === 'Observe')).toBe(true);
  });

  it('a device not in queue mode has no awake window', async () => {
    const d = await new RawDevice(adapter.port).open();
    devices.push(d);
    expect(await d.registerAndFollow('q-awake')).toBe('2.01');
    expect(adapter.registrations.byEndpoint('q-awake')?.awakeUntil).toBeUndefined();
  });
});
