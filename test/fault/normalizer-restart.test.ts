import { randomUUID } from 'node:crypto';
import { createKafka, createPublisher, rawTopic } from '@rosetta/kafka';
import { startNormalizer } from '@rosetta/normalizer';
import { encodeRawRecord, type RawRecord } from '@rosetta/raw-record';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readUntil } from '../support/read-until.ts';

const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'normalizer-restart' };
const kafka = createKafka(connection);

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

// The broker refuses the outcome batch (the topic's max.message.bytes is below it): the pipeline stops with a
// non-retriable error. The normalizer must say so on /readyz, restart itself with back-off, and deliver every
// outcome once the topic accepts them, without losing or repeating any.
describe('normalizer pipeline supervision on the real broker', () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it('restarts a stopped pipeline with back-off, is not ready meanwhile, and then delivers everything once', async () => {
    const tenant = `t-${randomUUID().slice(0, 8)}`;
    const outcomesTopic = `restart-${tenant}.outcomes`;
    const admin = kafka.admin();
    await admin.connect();
    stops.push(() => admin.disconnect());
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: outcomesTopic,
          numPartitions: 1,
          configEntries: [{ name: 'max.message.bytes', value: '4000' }],
        },
      ],
    });
    const record: RawRecord = {
      rawVersion: 1,
      vocabulary: 'knox-efota',
      tenant,
      recordId: `${tenant}-1`,
      receivedAt: new Date().toISOString(),
      received: { contentType: 'application/json', encoding: 'utf8', body: '{}' },
      results: Array.from({ length: 40 }, (_, i) => ({
        code: '-2402',
        device: { id: 'd1' },
        correlation: { jobId: String(i) },
      })),
    };
    const publisher = await createPublisher(connection);
    await publisher.publish([
      { topic: rawTopic('knox-efota'), key: `${tenant}/d1`, value: encodeRawRecord(record) },
    ]);
    await publisher.close();

    const lines: Record<string, unknown>[] = [];
    const normalizer = await startNormalizer({
      brokers,
      groupId: `g-${tenant}`,
      outcomesTopic,
      restartBackoff: { initialMs: 200, maxMs: 1000 },
      log: (line) => lines.push(line),
    });
    stops.push(() => normalizer.stop());

    // Every reason given while it is down is kept: once restarted it may be ready again before anyone looks.
    const seen = new Set<string>();
    const watch = setInterval(() => {
      for (const reason of normalizer.readiness().reasons) seen.add(reason);
    }, 5);
    const wentDown = await waitFor(() => !normalizer.readiness().ok, 30_000);
    const restarted = await waitFor(() => normalizer.counters.restarts >= 1, 30_000);
    await waitFor(() => [...seen].some((r) => /stopped|failed/.test(r)), 10_000);
    clearInterval(watch);
    const downReasons = [...seen];
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        { type: 2, name: outcomesTopic, configEntries: [{ name: 'max.message.bytes', value: '1048588' }] },
      ],
    });
    // The normalizer reads every raw topic from the beginning: other tests' records land on this topic too (and
    // some of them are deliberate re-sends with the same ids), so count this tenant's only.
    const ours = (m: { key: Buffer | null }) => m.key?.toString().startsWith(`${tenant}/`) ?? false;
    const outcomes = await readUntil(kafka, outcomesTopic, ours, 40, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // a duplicate would arrive by now
    const final = await readUntil(kafka, outcomesTopic, ours, 41, 10_000);
    const recovered = await waitFor(() => normalizer.readiness().ok, 30_000);
    const ids = new Set(final.map((m) => JSON.parse(m.value?.toString() ?? '{}').id as string));
    console.log(
      `normalizer restart: not ready ${wentDown} (${downReasons.join('; ')}), restarts ${normalizer.counters.restarts}, outcomes ${final.length} (${ids.size} unique), ready again ${recovered}`,
    );

    expect(wentDown).toBe(true);
    expect(restarted).toBe(true);
    expect(downReasons.join(' ')).toMatch(/stopped|failed/);
    expect(lines.some((l) => l.msg === 'normalizer pipeline stopped; restarting')).toBe(true);
    expect(outcomes).toHaveLength(40);
    expect(final).toHaveLength(40);
    expect(ids.size).toBe(40);
    expect(recovered).toBe(true);
  });
});
