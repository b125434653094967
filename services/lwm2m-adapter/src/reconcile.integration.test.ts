import type { OutgoingRecord } from '@rosetta/kafka';
import type { RawRecord } from '@rosetta/raw-record';
import { afterAll, describe, expect, it } from 'vitest';
import { type NoSecLwm2mAdapter, startLwm2mAdapter } from './app.ts';
import { memoryKnownValues } from './known-values.ts';
import { RawDevice, softwareTlv, uriPath } from './raw-device.test-helper.ts';

// Reconcile, over real UDP: a device that re-registers (a reboot), or comes back to a restarted adapter, is read
// again and compared with the values last written for it, so what happened meanwhile is written with its previous
// value (and the steps an inference rule implies); a device that moved address is observed again from there.
const written: OutgoingRecord[] = [];
const knownValues = memoryKnownValues();
const stops: (() => Promise<void> | void)[] = [];

const fw = (state: number, result: number) => Buffer.from([0xc1, 3, state, 0xc1, 5, result]);
const codesOf = (endpoint: string) =>
  written
    .map((r) => JSON.parse(String(r.value)) as RawRecord)
    .flatMap((r) => r.results)
    .filter((r) => r.device.id === endpoint)
    .map((r) => `${r.previousCode ?? '-'}→${r.code}${r.inferred ? ' (inferred)' : ''}`);
const until = async (check: () => boolean, ms = 2000) => {
  for (const deadline = Date.now() + ms; !check() && Date.now() < deadline; )
    await new Promise((r) => setTimeout(r, 10));
};

async function adapter(): Promise<NoSecLwm2mAdapter> {
  const a = await startLwm2mAdapter({
    port: 0,
    host: '127.0.0.1',
    config: { tenants: { acme: { endpoints: ['rc-*'] } } },
    publisher: { publish: async (records) => void written.push(...records), close: async () => undefined },
    knownValues,
    log: () => undefined,
  });
  stops.push(() => a.close());
  return a;
}
async function device(a: NoSecLwm2mAdapter): Promise<RawDevice> {
  const d = await new RawDevice(a.port).open();
  stops.push(() => d.close());
  return d;
}
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

describe('reconcile on registration', () => {
  it('a reboot mid-update: the result read after the new Register is written against the values before it', async () => {
    const a = await adapter();
    const before = await device(a);
    await before.registerWith('rc-reboot', '</3/0>,</5/0>,</9/0>', {
      '5/0': fw(3, 0),
      '9/0': softwareTlv('nav', 4, 2),
    });
    await until(() => codesOf('rc-reboot').length >= 4);
    // The device reboots into the new firmware: it registers again, from another port, and reads State 0, Result 1.
    const after = await device(a);
    await after.registerWith('rc-reboot', '</3/0>,</5/0>,</9/0>', {
      '5/0': fw(0, 1),
      '9/0': softwareTlv('nav', 4, 2),
    });
    await until(() => codesOf('rc-reboot').length >= 6);
    await new Promise((r) => setTimeout(r, 200));
    expect(codesOf('rc-reboot')).toEqual(['-→state/3', '-→0', '-→state/4', '-→2', 'state/3→state/0', '0→1']);
  });

  it('an adapter restart: the values come from the known-values store, and an unchanged device writes nothing', async () => {
    const first = await adapter();
    const d = await device(first);
    await d.registerWith('rc-restart', '</3/0>,</5/0>', { '5/0': fw(1, 0) });
    await until(() => codesOf('rc-restart').length >= 2);
    await first.close();
    // A new adapter (same store, as the compacted topic gives it back); the device registers again, now Updating.
    const second = await adapter();
    const again = await device(second);
    await again.registerWith('rc-restart', '</3/0>,</5/0>', { '5/0': fw(3, 0) });
    await until(() => codesOf('rc-restart').length >= 4);
    expect(codesOf('rc-restart')).toEqual([
      '-→state/1',
      '-→0',
      'state/1→state/2 (inferred)',
      'state/1→state/3',
    ]);
    const quiet = await device(second);
    await quiet.registerWith('rc-restart', '</3/0>,</5/0>', { '5/0': fw(3, 0) });
    await new Promise((r) => setTimeout(r, 300));
    expect(codesOf('rc-restart')).toHaveLength(4);
  });

  it('a registration Update from a new address: observed again from there, the missed change written', async () => {
    const a = await adapter();
    const d = await device(a);
    await d.registerWith('rc-moved', '</3/0>,</5/0>', { '5/0': fw(2, 0) });
    await until(() => codesOf('rc-moved').length >= 2);
    const moved = await device(a); // the same device behind a NAT that rebound its port
    expect((await moved.update(d.registration))?.code).toBe('2.04');
    const observe = await moved.next((p) => uriPath(p) === '5/0');
    expect(observe?.options.some((o) => o.name === 'Observe')).toBe(true);
    moved.answer(observe, fw(3, 0), 1);
    await until(() => codesOf('rc-moved').length >= 3);
    expect(codesOf('rc-moved')).toEqual(['-→state/2', '-→0', 'state/2→state/3']);
  });
});
