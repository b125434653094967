import { randomUUID } from 'node:crypto';
import { Consumer, FetchIsolationLevels, ListOffsetTimestamps } from '@platformatic/kafka';
import type { KafkaConnection } from '../port.ts';
import {
  type PartitionBounds,
  type PartitionRange,
  planRanges,
  type ReadStart,
  type RecordHandler,
  rangeKey,
} from '../read-range.ts';
import { type RawMessage, toIncoming } from './incoming.ts';
import { baseOptions } from './options.ts';

type RangeConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>;

async function partitionBounds(consumer: RangeConsumer, topics: readonly string[], start: ReadStart) {
  const list = (timestamp: bigint) =>
    consumer.listOffsets({
      topics: [...topics],
      timestamp,
      isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
    });
  const lows = await list(ListOffsetTimestamps.EARLIEST);
  const highs = await list(ListOffsetTimestamps.LATEST);
  const atTimes = 'timestamp' in start ? await list(BigInt(start.timestamp)) : undefined;
  return topics.flatMap((topic) =>
    (highs.get(topic) ?? []).map((high, partition): PartitionBounds => {
      const atTime = atTimes?.get(topic)?.[partition];
      return {
        topic,
        partition,
        low: lows.get(topic)?.[partition] ?? 0n,
        high,
        ...(atTime === undefined ? {} : { atTime }),
      };
    }),
  );
}

/**
 * @platformatic/kafka: a consumer in a fresh group that commits nothing, started at each range's offset. A range is
 * complete once the stream's next fetch offset passes its end — a fetch that holds only transaction markers delivers
 * no message, yet moves that offset — and every message fetched before has been handled.
 */
export async function readRange(
  connection: KafkaConnection,
  topics: readonly string[],
  start: ReadStart,
  onRecord: RecordHandler,
): Promise<number> {
  const consumer: RangeConsumer = new Consumer({
    ...baseOptions(connection),
    groupId: `rosetta-tool-${randomUUID()}`,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    maxWaitTime: 100,
    autocommit: false,
  });
  try {
    const bounds = await partitionBounds(consumer, topics, start);
    const plan = planRanges(bounds, start);
    return plan.length === 0 ? 0 : await readPlanned(consumer, bounds, plan, onRecord);
  } finally {
    await consumer.close(true);
  }
}

async function readPlanned(
  consumer: RangeConsumer,
  bounds: readonly PartitionBounds[],
  plan: readonly PartitionRange[],
  onRecord: RecordHandler,
): Promise<number> {
  const ranges = new Map(plan.map((p) => [rangeKey(p.topic, p.partition), p]));
  // The group assigns every partition of the topics: those with nothing to read start at their end.
  const offsets = bounds.map((b) => ({
    topic: b.topic,
    partition: b.partition,
    offset: ranges.get(rangeKey(b.topic, b.partition))?.from ?? b.high,
  }));
  const stream = await consumer.consume({
    topics: [...new Set(plan.map((p) => p.topic))],
    mode: 'manual',
    offsets,
    fallbackMode: 'fail',
    autocommit: false,
  });
  const fetchedPastEnd = () =>
    plan.every((p) => (stream.offsetsToFetch.get(rangeKey(p.topic, p.partition)) ?? p.from) >= p.to);
  let handling = false;
  const finishIfDone = () => {
    if (!handling && stream.readableLength === 0 && fetchedPastEnd()) void stream.close();
  };
  // The stream updates its offsets after it announces a fetch: look once that fetch has been taken in.
  stream.on('fetch', () => setImmediate(finishIfDone));

  let count = 0;
  for await (const message of stream as AsyncIterable<RawMessage>) {
    const range = ranges.get(rangeKey(message.topic, message.partition));
    // Records may arrive past the end, and in partitions outside the plan, while the read runs.
    if (range && message.offset >= range.from && message.offset < range.to) {
      handling = true;
      try {
        count += 1;
        await onRecord(toIncoming(message));
      } finally {
        handling = false;
      }
    }
    finishIfDone();
  }
  return count;
}
