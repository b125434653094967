import { describe, expect, it } from 'vitest';
import { chunksByPartition } from './chunks.ts';

const m = (partition: number, offset: number) => ({ topic: 't', partition, offset: BigInt(offset) });
const offsets = (chunks: ReturnType<typeof chunksByPartition>) =>
  chunks.map((runs) => runs.map((run) => run.map((x) => `${x.partition}/${x.offset}`)));

describe('chunksByPartition', () => {
  it('splits each partition into runs of at most `size`, keeping stream order', () => {
    const chunks = chunksByPartition([m(0, 1), m(1, 5), m(0, 2), m(0, 4), m(1, 6)], 2);
    expect(offsets(chunks)).toEqual([[['0/1', '0/2'], ['0/4']], [['1/5', '1/6']]]);
  });

  it('leaves out records handed over a second time (at or below an offset already taken)', () => {
    const chunks = chunksByPartition([m(0, 1), m(0, 2), m(1, 7), m(0, 2), m(0, 1), m(0, 3), m(1, 7)], 10);
    expect(offsets(chunks)).toEqual([[['0/1', '0/2', '0/3']], [['1/7']]]);
  });

  it('is empty for no messages', () => {
    expect(chunksByPartition([], 5)).toEqual([]);
  });
});
