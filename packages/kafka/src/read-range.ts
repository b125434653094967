import type { IncomingRecord } from './port.ts';

/** Where to start reading each partition: the earliest offset, an absolute offset, or the first record at/after a time. */
export type ReadStart = ({ earliest: true } | { offset: bigint } | { timestamp: number }) & {
  /** Only these partitions (of every topic read); left out, all of them. */
  partitions?: readonly number[];
};

export type RecordHandler = (record: IncomingRecord) => void | Promise<void>;

/** What the broker says about one partition when a range read begins. */
export interface PartitionBounds {
  topic: string;
  partition: number;
  low: bigint;
  high: bigint;
  /** The first offset at/after the requested time; negative when no record is that recent. */
  atTime?: bigint;
}

/** The offsets one partition's read covers: [from, to). */
export interface PartitionRange {
  topic: string;
  partition: number;
  from: bigint;
  to: bigint;
}

function requestedOffset(bounds: PartitionBounds, start: ReadStart): bigint {
  if ('offset' in start) return start.offset;
  if ('timestamp' in start) {
    // Kafka answers -1 when no record is at or after the timestamp: nothing to read in that partition.
    const atTime = bounds.atTime ?? bounds.high;
    return atTime < 0n ? bounds.high : atTime;
  }
  return bounds.low;
}

/** The ranges to read: from the requested start (never below the log start) to the end seen now; empty ones left out. */
export function planRanges(bounds: readonly PartitionBounds[], start: ReadStart): PartitionRange[] {
  const wanted = start.partitions && new Set(start.partitions);
  return bounds.flatMap((b) => {
    if (wanted && !wanted.has(b.partition)) return [];
    const requested = requestedOffset(b, start);
    // biome-ignore lint/complexity/useMathMinMax: offsets are bigints, which Math.max refuses
    const from = requested < b.low ? b.low : requested;
    return from < b.high ? [{ topic: b.topic, partition: b.partition, from, to: b.high }] : [];
  });
}

export function rangeKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
