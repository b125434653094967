import type { OutgoingRecord, RecordPublisher } from '@rosetta/kafka';

interface Waiting {
  records: readonly OutgoingRecord[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent publish calls into one produce request: everything that arrives while a request is in flight
 * goes out together next, and each caller still resolves only once Kafka acknowledged its own records (acks=all).
 * Under load this turns thousands of one-record requests per second into a few large ones.
 */
export function batchingPublisher(inner: RecordPublisher, maxRecords = 2000): RecordPublisher {
  let queue: Waiting[] = [];
  let sending = false;

  const drain = async (): Promise<void> => {
    sending = true;
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const round: Waiting[] = [];
      let count = 0;
      for (
        let next = queue[0];
        next && (round.length === 0 || count + next.records.length <= maxRecords);
        next = queue[0]
      ) {
        queue.shift();
        round.push(next);
        count += next.records.length;
      }
      try {
        await inner.publish(round.flatMap((w) => w.records));
        for (const w of round) w.resolve();
      } catch (error) {
        for (const w of round) w.reject(error);
      }
    }
    sending = false;
  };

  return {
    publish(records) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject });
        if (!sending) void drain();
      });
    },
    async close() {
      while (sending || queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      queue = [];
      await inner.close();
    },
  };
}
