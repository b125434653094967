import { describe, expect, it } from 'vitest';
import { CommittedPositions } from './committed-positions.ts';
import {
  type PartitionWriter,
  type PartitionWriterSource,
  PartitionWriters,
  partitionTransactionalId,
} from './partition-writers.ts';

/** A source that records what happens, in order, and whose committed offsets the test sets. */
function fakeSource(committedOffsets: Record<string, bigint> = {}) {
  const events: string[] = [];
  let release: () => void = () => undefined;
  const source: PartitionWriterSource<string> = {
    async open(id) {
      events.push(`open ${id}`);
      const writer: PartitionWriter<string> = {
        commit: async (_outputs, consumed) => {
          events.push(`commit ${id} ${consumed}`);
          if (consumed === 'slow') await new Promise<void>((resolve) => (release = resolve));
          if (consumed === 'fenced') throw new Error('PRODUCER_FENCED');
        },
        close: async () => {
          events.push(`close ${id}`);
        },
      };
      return writer;
    },
    async committedOffset(topic, partition) {
      events.push(`committed ${topic}:${partition}`);
      return committedOffsets[`${topic}:${partition}`];
    },
  };
  return { source, events, finishSlowCommit: () => release() };
}

describe('PartitionWriters', () => {
  it('names one transactional id per group and input partition, the same in every replica', () => {
    expect(partitionTransactionalId('rosetta-normalizer', 'rosetta.raw.knox-efota', 3)).toBe(
      'rosetta-normalizer.rosetta.raw.knox-efota.3',
    );
  });

  it('claims a partition by opening its writer first, then reading the committed offset, once', async () => {
    const { source, events } = fakeSource({ 'raw:1': 42n });
    const committed = new CommittedPositions();
    const writers = new PartitionWriters(source, 'g', committed);
    await Promise.all([writers.claim('raw', 1), writers.claim('raw', 1)]);
    await writers.commit('raw', 1, [], 'c1');
    expect(events).toEqual(['open g.raw.1', 'committed raw:1', 'commit g.raw.1 c1']);
    expect(committed.done('raw', 1, 41n)).toBe(true);
    expect(committed.done('raw', 1, 42n)).toBe(false);
  });

  it('closes the writers of partitions the group took away, only after their commit in flight', async () => {
    const { source, events, finishSlowCommit } = fakeSource();
    const writers = new PartitionWriters(source, 'g', new CommittedPositions());
    await writers.claim('raw', 0);
    await writers.claim('raw', 1);
    const slow = writers.commit('raw', 1, [], 'slow');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writers.owns('raw', 1)).toBe(true); // before the group's first assignment: nothing known, nothing refused
    writers.assigned([{ topic: 'raw', partitions: [0] }]);
    expect(writers.owns('raw', 0)).toBe(true);
    expect(writers.owns('raw', 1)).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).not.toContain('close g.raw.1');
    finishSlowCommit();
    await slow;
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.at(-1)).toBe('close g.raw.1');
    expect(writers.size).toBe(1);
    // Given back later, the partition is claimed anew: its writer fences whoever had it meanwhile.
    await writers.claim('raw', 1);
    expect(events.filter((e) => e === 'open g.raw.1')).toHaveLength(2);
  });

  it('passes a failed commit on to the pipeline, which stops', async () => {
    const { source } = fakeSource();
    const writers = new PartitionWriters(source, 'g', new CommittedPositions());
    await expect(writers.commit('raw', 2, [], 'fenced')).rejects.toThrow('PRODUCER_FENCED');
    await writers.close();
    expect(writers.size).toBe(0);
  });

  it('tells a stateful pipeline when a partition is claimed (after fencing and the offset) and when it is released', async () => {
    const { source, events } = fakeSource({ 'raw:1': 7n });
    const writers = new PartitionWriters(source, 'g', new CommittedPositions(), {
      claimed: async (topic, partition) => {
        events.push(`claimed ${topic}:${partition}`);
      },
      released: (topic, partition) => events.push(`released ${topic}:${partition}`),
    });
    await writers.commit('raw', 1, [], 'c1');
    await writers.claim('raw', 0);
    writers.assigned([{ topic: 'raw', partitions: [0] }]);
    await writers.close();
    expect(events.filter((e) => !e.startsWith('close'))).toEqual([
      'open g.raw.1',
      'committed raw:1',
      'claimed raw:1',
      'commit g.raw.1 c1',
      'open g.raw.0',
      'committed raw:0',
      'claimed raw:0',
      'released raw:1',
      'released raw:0',
    ]);
  });

  it('with a claimed hook, claims every assigned partition at once, records or not; a failed claim is reported', async () => {
    const { source, events } = fakeSource();
    const failures: string[] = [];
    const failing: PartitionWriterSource<string> = {
      ...source,
      open: async (id) => {
        if (id.endsWith('.2')) throw new Error('coordinator not available');
        return source.open(id);
      },
    };
    const writers = new PartitionWriters(
      failing,
      'g',
      new CommittedPositions(),
      { claimed: async (topic, partition) => void events.push(`claimed ${topic}:${partition}`) },
      (error) => failures.push(error.message),
    );
    writers.assigned([{ topic: 'raw', partitions: [0, 1, 2] }]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.filter((e) => e.startsWith('claimed'))).toEqual(['claimed raw:0', 'claimed raw:1']);
    expect(failures).toEqual(['coordinator not available']);
    expect(writers.size).toBe(2);
    // Without the hook nothing is claimed before its records come.
    const lazy = new PartitionWriters(fakeSource().source, 'g', new CommittedPositions());
    lazy.assigned([{ topic: 'raw', partitions: [0, 1] }]);
    expect(lazy.size).toBe(0);
  });

  it("runs a partition's commits one after another, in the order asked for, with or without a position", async () => {
    const { source, events, finishSlowCommit } = fakeSource();
    const writers = new PartitionWriters(source, 'g', new CommittedPositions());
    await writers.claim('raw', 3);
    const slow = writers.commit('raw', 3, [], 'slow');
    const alone = writers.commit('raw', 3, []);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.filter((e) => e.startsWith('commit '))).toEqual(['commit g.raw.3 slow']);
    finishSlowCommit();
    await Promise.all([slow, alone]);
    expect(events.filter((e) => e.startsWith('commit '))).toEqual([
      'commit g.raw.3 slow',
      'commit g.raw.3 undefined',
    ]);
  });
});
