import { describe, expect, it } from 'vitest';
import { isFresher, serially } from './observe-order.ts';

describe('isFresher (RFC 7641 §3.4)', () => {
  it('orders by sequence within the window and across the 24-bit wrap', () => {
    expect(isFresher(undefined, { sequence: 5, at: 0 })).toBe(true);
    expect(isFresher({ sequence: 5, at: 0 }, { sequence: 6, at: 0 })).toBe(true);
    expect(isFresher({ sequence: 6, at: 0 }, { sequence: 5, at: 0 })).toBe(false);
    expect(isFresher({ sequence: 6, at: 0 }, { sequence: 6, at: 0 })).toBe(false);
    expect(isFresher({ sequence: 2 ** 24 - 1, at: 0 }, { sequence: 0, at: 0 })).toBe(true);
    expect(isFresher({ sequence: 0, at: 0 }, { sequence: 2 ** 24 - 1, at: 0 })).toBe(false);
  });

  it('takes any value as newer after 128 seconds', () => {
    expect(isFresher({ sequence: 100, at: 0 }, { sequence: 3, at: 128_001 })).toBe(true);
  });
});

describe('serially', () => {
  it('runs one owner’s tasks strictly one after another, even when one fails', async () => {
    const owner = { queue: Promise.resolve() };
    const log: string[] = [];
    const step =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
      };
    const a = serially(owner, step('a', 20));
    const b = serially(owner, step('b', 1, true));
    const c = serially(owner, step('c', 1));
    await expect(a).resolves.toBeUndefined();
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBeUndefined();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
