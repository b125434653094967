import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import {
  type PartitionBounds,
  planRanges,
  type ReadStart,
  type RecordHandler,
  rangeKey,
} from '../read-range.ts';
import { toIncoming } from './incoming.ts';

async function partitionBounds(kafka: Kafka, topics: readonly string[], start: ReadStart) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const bounds: PartitionBounds[] = [];
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const byTime =
        'timestamp' in start ? await admin.fetchTopicOffsetsByTimestamp(topic, start.timestamp) : [];
      for (const end of ends) {
        const atTime = byTime.find((p) => p.partition === end.partition)?.offset;
        bounds.push({
          topic,
          partition: end.partition,
          low: BigInt(end.low),
          high: BigInt(end.high),
          ...(atTime === undefined ? {} : { atTime: BigInt(atTime) }),
        });
      }
    }
    return bounds;
  } finally {
    await admin.disconnect();
  }
}

/** kafkajs: a consumer in a fresh group that commits nothing, seeked to each range's start. */
export async function readRange(
  kafka: Kafka,
  topics: readonly string[],
  start: ReadStart,
  onRecord: RecordHandler,
): Promise<number> {
  const bounds = await partitionBounds(kafka, topics, start);
  const plan = planRanges(bounds, start);
  if (plan.length === 0) return 0;

  const consumer = kafka.consumer({ groupId: `rosetta-tool-${randomUUID()}`, readUncommitted: false });
  // The next offset to hand over per partition: a consumer that restarts and joins again resumes there, never twice.
  const next = new Map(plan.map((p) => [rangeKey(p.topic, p.partition), p.from]));
  const remaining = new Map(plan.map((p) => [rangeKey(p.topic, p.partition), p.to]));
  let count = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: [...new Set(plan.map((p) => p.topic))], fromBeginning: true });
  // Seeking on every join (rather than once after run()) holds across kafkajs's restarts after a retriable error,
  // which drop the consumer group that seek() needs; the runner fetches only after the join event.
  consumer.on(consumer.events.GROUP_JOIN, () => {
    // The group assigns every partition of the topics: those with nothing to read start at their end.
    for (const b of bounds)
      if (!next.has(rangeKey(b.topic, b.partition)))
        consumer.seek({ topic: b.topic, partition: b.partition, offset: String(b.high) });
    for (const p of plan) {
      const offset = next.get(rangeKey(p.topic, p.partition)) ?? p.from;
      consumer.seek({ topic: p.topic, partition: p.partition, offset: String(offset) });
    }
  });
  const done = new Promise<void>((resolve, reject) => {
    // A consumer that stops for good (CRASH without restart) would otherwise leave this promise pending forever.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
    // Completion is judged on batch-end events because a batch holding only transaction markers never reaches
    // eachBatch, yet its offsets count towards the end offset.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const id = rangeKey(payload.topic, payload.partition);
      const end = remaining.get(id);
      if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) remaining.delete(id);
      if (remaining.size === 0) resolve();
    });
  });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const id = rangeKey(batch.topic, batch.partition);
      const end = remaining.get(id);
      if (end === undefined) return;
      for (const message of batch.messages) {
        const offset = BigInt(message.offset);
        // A fetch may start before a seek takes effect: skip what lies before the requested start or was handled.
        if (offset < (next.get(id) ?? end)) continue;
        if (offset >= end) break;
        next.set(id, offset + 1n);
        count += 1;
        await onRecord(toIncoming(batch.topic, batch.partition, message));
      }
    },
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
  return count;
}
