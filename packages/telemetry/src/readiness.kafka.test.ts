import { createKafka, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kafkaReadiness } from './routes.ts';

describe('kafkaReadiness against the real broker', () => {
  const admin = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'readiness-test' }).admin();
  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('is ready when the broker answers and the topics exist', async () => {
    expect(await kafkaReadiness(admin, [OUTCOMES_TOPIC])).toEqual({ ok: true, reasons: [] });
  });

  it('names each missing topic', async () => {
    expect(await kafkaReadiness(admin, [OUTCOMES_TOPIC, 'rosetta.no-such-topic'])).toEqual({
      ok: false,
      reasons: ['topic rosetta.no-such-topic is missing'],
    });
  });

  it('is not ready when no broker answers', async () => {
    const dead = createKafka({
      brokers: ['127.0.0.1:1'],
      clientId: 'readiness-dead',
      connectionTimeoutMs: 200,
    }).admin();
    const readiness = await kafkaReadiness(dead, [OUTCOMES_TOPIC], 1500);
    expect(readiness.ok).toBe(false);
    expect(readiness.reasons[0]).toMatch(/^Kafka unreachable/);
  });
});
