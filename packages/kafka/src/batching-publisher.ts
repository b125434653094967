import { CoalescingQueue } from './coalescing-queue.ts';
import type { OutgoingRecord, RecordPublisher } from './port.ts';

export interface BatchingOptions {
  /** Records per produce request at most. */
  maxRecords?: number;
  /**
   * A produce request leaves at least this long after the previous one (unless `maxRecords` are waiting), as Java's
   * linger.ms: under load the broker gets fewer, larger requests, which cost it far less CPU per record.
   */
  minRequestIntervalMs?: number;
}

/**
 * Coalesces concurrent publish calls into one produce request: everything that arrives while a request is in flight
 * goes out together next, and each caller still resolves only once Kafka acknowledged its own records (acks=all).
 * Under load this turns thousands of one-record requests per second into a few large ones.
 */
export function batchingPublisher(
  inner: RecordPublisher,
  { maxRecords = 2000, minRequestIntervalMs = 0 }: BatchingOptions = {},
): RecordPublisher {
  const queue = new CoalescingQueue<readonly OutgoingRecord[]>((calls) => inner.publish(calls.flat()), {
    weight: (records) => records.length,
    maxWeight: maxRecords,
    minRoundIntervalMs: minRequestIntervalMs,
  });
  return {
    publish: (records) => queue.submit(records),
    async close() {
      await queue.drained();
      await inner.close();
    },
  };
}
