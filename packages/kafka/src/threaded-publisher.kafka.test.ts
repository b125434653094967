import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createKafka } from './client.ts';
import { readRange } from './clients.ts';
import type { IncomingRecord } from './port.ts';
import { threadedPublisher } from './threaded-publisher.ts';

async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'threaded-test-admin' }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
}

const connection = () => ({ brokers: inject('kafkaBrokers'), clientId: 'threaded-test' });

describe('threadedPublisher', () => {
  it('writes Buffers and strings from its own thread, headers intact, each key in order', async () => {
    const topic = `threaded-${randomUUID()}`;
    await createTopic(topic, 3);
    const publisher = await threadedPublisher(connection(), { minRequestIntervalMs: 5 });
    const calls = Array.from({ length: 50 }, (_, call) =>
      publisher.publish(
        Array.from({ length: 4 }, (_, i) => ({
          topic,
          key: `device-${i}`,
          value: call % 2 === 0 ? Buffer.from(`${call}:${i}`) : `${call}:${i}`,
          headers: { ce_id: `${call}-${i}` },
        })),
      ),
    );
    await Promise.all(calls);
    await publisher.close();
    const seen: IncomingRecord[] = [];
    await readRange(connection(), [topic], { earliest: true }, (r) => {
      seen.push(r);
    });
    expect(seen).toHaveLength(200);
    for (let i = 0; i < 4; i++) {
      const ofDevice = seen.filter((r) => String(r.key) === `device-${i}`);
      expect(ofDevice.map((r) => String(r.value))).toEqual(Array.from({ length: 50 }, (_, c) => `${c}:${i}`));
      expect(ofDevice.map((r) => r.headers.ce_id)).toEqual(Array.from({ length: 50 }, (_, c) => `${c}-${i}`));
    }
  });

  it('rejects a publish the broker refuses with its reason, and keeps publishing after it', async () => {
    const topic = `threaded-refused-${randomUUID()}`;
    await createTopic(topic, 1);
    const publisher = await threadedPublisher(connection());
    // 1.5 MB: over the broker's message.max.bytes.
    await expect(publisher.publish([{ topic, key: 'big', value: 'x'.repeat(1_500_000) }])).rejects.toThrow(
      /too large|MESSAGE_TOO_LARGE|size/i,
    );
    await publisher.publish([{ topic, key: 'small', value: 'fine' }]);
    await publisher.close();
    const seen: string[] = [];
    await readRange(connection(), [topic], { earliest: true }, (r) => {
      seen.push(String(r.value));
    });
    expect(seen).toEqual(['fine']);
  });

  it('fails what a dying thread held, and publishes on a new thread at the next publish()', async () => {
    const topic = `threaded-died-${randomUUID()}`;
    await createTopic(topic, 1);
    const publisher = await threadedPublisher(connection());
    await publisher.publish([{ topic, key: 'k', value: 'before' }]);
    const first = await publisher.thread();
    const held = publisher.publish([{ topic, key: 'k', value: 'held' }]);
    await first?.terminate();
    await expect(held).rejects.toThrow(/publisher thread exited/);
    expect(publisher.thread()).toBeUndefined();
    await publisher.publish([{ topic, key: 'k', value: 'after' }]);
    const second = await publisher.thread();
    expect(second).toBeDefined();
    expect(second?.threadId).not.toBe(first?.threadId);
    await publisher.close();
    const seen: string[] = [];
    await readRange(connection(), [topic], { earliest: true }, (r) => {
      seen.push(String(r.value));
    });
    // 'held' was refused to its caller (who sends it again); whether the dying thread had written it is not known.
    expect(seen.filter((v) => v !== 'held')).toEqual(['before', 'after']);
  });
});
