import { describe, expect, it } from 'vitest';
import { batchingPublisher } from './batching-publisher.ts';
import type { OutgoingRecord, RecordPublisher } from './port.ts';

// The inner publisher here records the produce requests it is asked to make; the real-broker path is covered by the
// adapters' end-to-end tests, which publish through this batcher.
function recording(fail = false) {
  const requests: OutgoingRecord[][] = [];
  const inner: RecordPublisher = {
    publish: async (records) => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('broker down');
      requests.push([...records]);
    },
    close: async () => undefined,
  };
  return { inner, requests };
}
const record = (i: number): OutgoingRecord => ({ topic: 't', key: `k${i}`, value: `v${i}` });

describe('batchingPublisher', () => {
  it('coalesces concurrent calls into few requests, keeps order, and resolves each caller', async () => {
    const { inner, requests } = recording();
    const publisher = batchingPublisher(inner, { maxRecords: 50 });
    await Promise.all(Array.from({ length: 120 }, (_, i) => publisher.publish([record(i)])));
    expect(requests.flat().map((r) => r.key)).toEqual(Array.from({ length: 120 }, (_, i) => `k${i}`));
    expect(requests.length).toBeLessThanOrEqual(4);
    expect(Math.max(...requests.map((r) => r.length))).toBeLessThanOrEqual(50);
  });

  it('rejects every caller of a failed request', async () => {
    const { inner } = recording(true);
    const publisher = batchingPublisher(inner);
    const results = await Promise.allSettled([
      publisher.publish([record(1)]),
      publisher.publish([record(2)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
