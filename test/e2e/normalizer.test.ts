import { randomUUID } from 'node:crypto';
import {
  createKafka,
  createPublisher,
  DLQ_TOPIC,
  decodeHeaders,
  OUTCOMES_TOPIC,
  rawTopic,
} from '@rosetta/kafka';
import { type Outcome, validateOutcome } from '@rosetta/outcome-schema';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startTestNormalizer } from '../support/normalizer.ts';
import { rawRecords } from '../support/raw-records.ts';
import { readUntil } from '../support/read-until.ts';

const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'normalizer-e2e' };
const kafka = createKafka(connection);

describe('normalizer against the real broker', () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it('normalizes every raw record once, keeps per-device order, and dead-letters poison without blocking', async () => {
    const tenant = `t-${randomUUID().slice(0, 8)}`;
    const records = rawRecords(tenant, 300, 7);
    const poison = [
      {
        topic: rawTopic('omadm-fumo'),
        key: `${tenant}/dev-0`,
        value: '<<not json>>',
        headers: { origin: 'test' },
      },
      {
        topic: rawTopic('knox-efota'),
        key: `${tenant}/dev-1`,
        value: JSON.stringify({ rawVersion: 1, tenant }),
      },
    ];
    const publisher = await createPublisher(connection);
    // Poison in the middle of the stream: the records after it must still come through.
    await publisher.publish(records.slice(0, 150));
    await publisher.publish(poison);
    await publisher.publish(records.slice(150));
    await publisher.close();

    const normalizer = await startTestNormalizer(brokers, tenant);
    stops.push(() => normalizer.stop());

    const isOurs = (key: Buffer | null) => key?.toString().startsWith(`${tenant}/`) ?? false;
    const outcomes = await readUntil(kafka, OUTCOMES_TOPIC, (m) => isOurs(m.key), 300, 60_000);
    const dead = await readUntil(kafka, DLQ_TOPIC, (m) => isOurs(m.key), 2, 30_000);
    const bodies = outcomes.map((m) => JSON.parse(m.value?.toString() ?? '{}') as Outcome);
    const ids = new Set(bodies.map((o) => o.id));
    console.log(
      `normalizer e2e: sent 302 raw (2 poison), outcomes ${outcomes.length}, unique ${ids.size}, dead letters ${dead.length}, unmapped ${bodies.filter((o) => o.outcome.code === 'UNMAPPED').length}`,
    );

    expect(outcomes).toHaveLength(300);
    expect(ids.size).toBe(300);
    expect(bodies.every((o) => validateOutcome(o).ok)).toBe(true);
    for (const message of outcomes) {
      const body = JSON.parse(message.value?.toString() ?? '{}') as Outcome;
      expect(message.key?.toString()).toBe(`${tenant}/${body.device.id}`);
      expect(decodeHeaders(message.headers)).toMatchObject({
        ce_id: body.id,
        ce_type: 'dev.rosetta.outcome.v1',
      });
    }
    // Per-device order: within one device (one partition), job ids of the same vocabulary topic rise.
    const seqByDeviceAndVocab = new Map<string, number[]>();
    for (const o of bodies) {
      const k = `${o.device.id}|${o.source.protocol}`;
      seqByDeviceAndVocab.set(k, [
        ...(seqByDeviceAndVocab.get(k) ?? []),
        Number(o.operation.correlation?.jobId),
      ]);
    }
    for (const seq of seqByDeviceAndVocab.values()) expect(seq).toEqual([...seq].sort((a, b) => a - b));
    expect(bodies.some((o) => o.outcome.code === 'UNMAPPED')).toBe(true);

    expect(dead).toHaveLength(2);
    const stages = dead.map((m) => decodeHeaders(m.headers).rosetta_dlq_stage).sort();
    expect(stages).toEqual(['parse', 'validate']);
    const parsed = dead.find((m) => decodeHeaders(m.headers).rosetta_dlq_stage === 'parse');
    expect(parsed?.value?.toString()).toBe('<<not json>>');
    expect(decodeHeaders(parsed?.headers)).toMatchObject({
      origin: 'test',
      rosetta_dlq_source_topic: rawTopic('omadm-fumo'),
    });
    expect(normalizer.counters.deadLettered).toBeGreaterThanOrEqual(2);
  });
});
