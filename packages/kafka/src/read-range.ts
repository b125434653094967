import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { decodeHeaders } from './headers.ts';
import type { IncomingRecord } from './port.ts';

/** Where to start reading each partition: the earliest offset, an absolute offset, or the first record at/after a time. */
export type ReadStart = { earliest: true } | { offset: bigint } | { timestamp: number };

/**
 * Reads every committed record of `topics` from `start` up to the end offsets seen when the call began, then stops.
 * For tools (replay, audits): a fresh group that commits nothing, so it never disturbs the services' groups.
 */
export async function readRange(
  kafka: Kafka,
  topics: readonly string[],
  start: ReadStart,
  onRecord: (record: IncomingRecord) => void | Promise<void>,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const plan: { topic: string; partition: number; from: bigint; to: bigint }[] = [];
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const byTime =
        'timestamp' in start ? await admin.fetchTopicOffsetsByTimestamp(topic, start.timestamp) : [];
      for (const end of ends) {
        const low = BigInt(end.low);
        const atTime = BigInt(byTime.find((p) => p.partition === end.partition)?.offset ?? end.high);
        // Kafka answers -1 when no record is at or after the timestamp: nothing to read in that partition.
        const requested =
          'offset' in start
            ? start.offset
            : 'timestamp' in start
              ? atTime < 0n
                ? BigInt(end.high)
                : atTime
              : low;
        const from = requested < low ? low : requested;
        if (from < BigInt(end.high))
          plan.push({ topic, partition: end.partition, from, to: BigInt(end.high) });
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (plan.length === 0) return 0;

  const consumer = kafka.consumer({ groupId: `rosetta-tool-${randomUUID()}`, readUncommitted: false });
  const starts = new Map(plan.map((p) => [`${p.topic}:${p.partition}`, p.from]));
  const remaining = new Map(plan.map((p) => [`${p.topic}:${p.partition}`, p.to]));
  let count = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: [...new Set(plan.map((p) => p.topic))], fromBeginning: true });
  const done = new Promise<void>((resolve, reject) => {
    // A consumer that stops for good (CRASH without restart) would otherwise leave this promise pending forever.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
    // Completion is judged on batch-end events because a batch holding only transaction markers never reaches
    // eachBatch, yet its offsets count towards the end offset.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const id = `${payload.topic}:${payload.partition}`;
      const end = remaining.get(id);
      if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) remaining.delete(id);
      if (remaining.size === 0) resolve();
    });
  });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const id = `${batch.topic}:${batch.partition}`;
      const end = remaining.get(id);
      const from = starts.get(id) ?? 0n;
      if (end === undefined) return;
      for (const message of batch.messages) {
        const offset = BigInt(message.offset);
        // Fetches may start before the seek below takes effect: skip what lies before the requested start.
        if (offset < from) continue;
        if (offset >= end) break;
        count += 1;
        await onRecord({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: decodeHeaders(message.headers),
          timestamp: message.timestamp,
        });
      }
    },
  });
  for (const p of plan) consumer.seek({ topic: p.topic, partition: p.partition, offset: String(p.from) });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
  return count;
}
