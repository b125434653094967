import { describe, expect, it, vi } from 'vitest';
import { CoalescingQueue } from './coalescing-queue.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

function recording(fails: (items: readonly number[]) => Error | undefined = () => undefined) {
  const rounds: number[][] = [];
  const run = async (items: readonly number[]) => {
    await tick();
    rounds.push([...items]);
    const error = fails(items);
    if (error) throw error;
  };
  return { rounds, run };
}

class Retryable extends Error {}

describe('CoalescingQueue', () => {
  it('runs a lone item at once and joins everything that arrives meanwhile into the next round, in order', async () => {
    const { rounds, run } = recording();
    const queue = new CoalescingQueue(run);
    const first = queue.submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([first, ...[1, 2, 3].map((i) => queue.submit(i))]);
    expect(rounds).toEqual([[0], [1, 2, 3]]);
  });

  it('keeps a round within maxWeight but always takes at least one item', async () => {
    const { rounds, run } = recording();
    const queue = new CoalescingQueue(run, { weight: (n) => n, maxWeight: 10 });
    await Promise.all([4, 5, 20, 1, 9].map((n) => queue.submit(n)));
    expect(rounds).toEqual([[4, 5], [20], [1, 9]]);
  });

  it('fails every item of a failed round when the error is not retryable', async () => {
    const { run } = recording(() => new Error('down'));
    const queue = new CoalescingQueue(run, { retryEachAlone: (e) => e instanceof Retryable });
    const results = await Promise.allSettled([1, 2].map((n) => queue.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('runs each item of a retryable failed round alone, so only the culprit fails', async () => {
    const { rounds, run } = recording((items) => (items.includes(2) ? new Retryable('too big') : undefined));
    const queue = new CoalescingQueue(run, { retryEachAlone: (e) => e instanceof Retryable });
    const results = await Promise.allSettled([1, 2, 3].map((n) => queue.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(rounds).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('drained() waits for everything submitted so far', async () => {
    const { rounds, run } = recording();
    const queue = new CoalescingQueue(run);
    await queue.drained();
    for (const n of [1, 2, 3]) void queue.submit(n);
    await queue.drained();
    expect(rounds.flat()).toEqual([1, 2, 3]);
  });

  it('with minRoundIntervalMs, holds the next round until the interval is over, unless it is full', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
    try {
      const rounds: number[][] = [];
      const queue = new CoalescingQueue(
        async (items: readonly number[]) => {
          rounds.push([...items]);
        },
        { maxWeight: 3, minRoundIntervalMs: 50 },
      );
      const first = queue.submit(1);
      await vi.advanceTimersByTimeAsync(0);
      await first;
      const held = [2, 3].map((n) => queue.submit(n));
      await vi.advanceTimersByTimeAsync(49);
      expect(rounds).toEqual([[1]]);
      await vi.advanceTimersByTimeAsync(1);
      await Promise.all(held);
      expect(rounds).toEqual([[1], [2, 3]]);
      const full = [4, 5, 6].map((n) => queue.submit(n));
      await vi.advanceTimersByTimeAsync(0);
      await Promise.all(full);
      expect(rounds).toEqual([[1], [2, 3], [4, 5, 6]]);
    } finally {
      vi.useRealTimers();
    }
  });
});
