import { randomUUID } from 'node:crypto';
import { createKafka, createPublisher, decodeHeaders, ensureTopics, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { standardTranslator } from '@rosetta/mappings';
import { type Outcome, toCloudEvent } from '@rosetta/outcome-schema';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../packages/cli/src/run-cli.test-helper.ts';
import { startTestNormalizer } from '../support/normalizer.ts';
import { rawRecords } from '../support/raw-records.ts';
import { readUntil } from '../support/read-until.ts';

const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'replay-e2e' };
const kafka = createKafka(connection);

describe('rosetta replay', () => {
  it('re-issues outcomes with the same ids, a new recordedtime, and a summary of what changed', async () => {
    const tenant = `replay-${randomUUID().slice(0, 8)}`;
    const from = new Date().toISOString();
    const publisher = await createPublisher(connection);
    await publisher.publish(rawRecords(tenant, 60, 3));

    const normalizer = await startTestNormalizer(brokers, tenant);
    const isOurs = (key: Buffer | null) => key?.toString().startsWith(`${tenant}/`) ?? false;
    const first = await readUntil(kafka, OUTCOMES_TOPIC, (m) => isOurs(m.key), 60, 60_000);
    await normalizer.stop();
    expect(first).toHaveLength(60);

    // Pretend an older table knew one outcome under another code: the replay must report the correction.
    const corrected =
      first
        .map((m) => JSON.parse(m.value?.toString() ?? '{}') as Outcome)
        .find((o) => o.outcome.code !== 'UNMAPPED') ?? expect.fail('every outcome is UNMAPPED');
    const stale: Outcome = { ...corrected, outcome: { ...corrected.outcome, code: 'UNMAPPED' } };
    await publisher.publish([
      { topic: OUTCOMES_TOPIC, ...toCloudEvent(stale, new Date().toISOString()) },
      // Something that is not an outcome on the topic must not stop the replay.
      { topic: OUTCOMES_TOPIC, key: `${tenant}/junk`, value: 'not json at all' },
    ]);
    await publisher.close();

    const toTopic = `rosetta.replay-test.${tenant}`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: toTopic, partitions: 3 }]);
    await admin.disconnect();

    const result = runCli(['replay', '--from', from, '--to-topic', toTopic, '--json'], undefined, {
      KAFKA_BROKERS: brokers.join(','),
    });
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      records: number;
      outcomes: number;
      unchanged: number;
      changed: Record<string, number>;
    };
    console.log(`replay summary: ${JSON.stringify(summary)}`);
    expect(summary.records).toBeGreaterThanOrEqual(60);
    expect(summary.changed[`UNMAPPED → ${corrected.outcome.code}`]).toBe(1);

    const replayed = await readUntil(kafka, toTopic, (m) => isOurs(m.key), 60, 30_000);
    expect(replayed).toHaveLength(60);
    const firstIds = new Set(first.map((m) => decodeHeaders(m.headers).ce_id));
    for (const message of replayed) {
      const headers = decodeHeaders(message.headers);
      expect(firstIds.has(headers.ce_id)).toBe(true);
      const original = first.find((m) => decodeHeaders(m.headers).ce_id === headers.ce_id);
      expect(Date.parse(headers.ce_recordedtime ?? '')).toBeGreaterThan(
        Date.parse(decodeHeaders(original?.headers).ce_recordedtime ?? ''),
      );
      const table = standardTranslator().vocabularies.get(
        JSON.parse(message.value?.toString() ?? '{}').source.protocol,
      )?.table;
      expect(headers.ce_mappingversion).toBe(`${table?.table}@${table?.version}`);
    }
  });

  it('refuses a --from that is neither an offset nor a time', () => {
    const result = runCli(['replay', '--from', 'last tuesday'], undefined, {
      KAFKA_BROKERS: brokers.join(','),
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('--from must be an offset (digits) or an ISO 8601 time');
  });
});
