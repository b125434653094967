import { afterAll, describe, expect, it } from 'vitest';
import { type NoSecLwm2mAdapter, startLwm2mAdapter } from './app.ts';
import type { Lwm2mConfig } from './config.ts';
import { RawDevice } from './raw-device.test-helper.ts';

// Several adapters on one port (SO_REUSEPORT, `reusePort`): Linux shares the devices out by their address, each
// device keeps reaching the adapter that holds its registration; without `reusePort` the port cannot be taken twice.
const config: Lwm2mConfig = { tenants: { acme: { endpoints: ['rp-*'] } }, reusePort: true };
const start = (port: number, options: Partial<Lwm2mConfig> = {}) =>
  startLwm2mAdapter({
    port,
    host: '127.0.0.1',
    config: { ...config, ...options },
    publisher: { publish: async () => undefined, close: async () => undefined },
    log: () => undefined,
  });
const adapters: NoSecLwm2mAdapter[] = [];
const devices: RawDevice[] = [];

afterAll(async () => {
  for (const d of devices) d.close();
  for (const a of adapters) await a.close();
});

describe('LwM2M adapters sharing a port (reusePort)', () => {
  it('shares the devices out, and each device updates where it registered', async () => {
    const first = await start(0);
    adapters.push(first, await start(first.port));
    for (let i = 0; i < 24; i++) {
      const d = await new RawDevice(first.port).open();
      devices.push(d);
      expect((await d.register(`rp-${i}`, '</3/0>,</5/0>'))?.code).toBe('2.01');
    }
    const held = adapters.map((a) => a.registrations.size());
    // 24 addresses hashed over two sockets: both get some (all on one: probability 2 × 2^-24).
    expect(held.every((n) => n > 0)).toBe(true);
    expect(held.reduce((a, b) => a + b, 0)).toBe(24);
    // A registration Update comes from the same address, so it reaches the adapter that issued the id.
    for (const d of devices) expect((await d.update())?.code).toBe('2.04');
  });

  it('refuses to bind a port another adapter holds, unless both share it', async () => {
    const holder = await start(0, { reusePort: false });
    adapters.push(holder);
    await expect(start(holder.port)).rejects.toThrow(/EADDRINUSE/);
    await expect(start(holder.port, { reusePort: false })).rejects.toThrow(/EADDRINUSE/);
  });
});
