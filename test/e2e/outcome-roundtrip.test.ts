import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createKafka, createPublisher, decodeHeaders, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { exampleOutcome, type Outcome, toCloudEvent, validateOutcome } from '@rosetta/outcome-schema';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readUntil } from '../support/read-until.ts';

const example = exampleOutcome('firmware-integrity-failed');

describe('canonical outcome on the real broker', () => {
  const connection = { brokers: inject('kafkaBrokers'), clientId: 'roundtrip-test' };
  const kafka = createKafka(connection);
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('publishes with acks=all and a separate consumer reads back a valid CloudEvent keyed by tenant/device', async () => {
    const outcome: Outcome = {
      ...example,
      id: '0b7e9c1a-1111-8222-9333-444455556666',
      tenant: `t-${Date.now()}`,
    };
    const record = toCloudEvent(outcome, '2026-11-21T12:00:00.000Z');
    const publisher = await createPublisher(connection);
    cleanups.push(() => publisher.close());
    await publisher.publish([{ topic: OUTCOMES_TOPIC, ...record }]);

    const [message] = await readUntil(kafka, OUTCOMES_TOPIC, (m) => m.key?.toString() === record.key, 1);
    expect(message).toBeDefined();
    const headers = decodeHeaders(message?.headers);
    expect(message?.key?.toString()).toBe(`${outcome.tenant}/IMEI:493005100592800`);
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: outcome.id,
      ce_source: '/rosetta/omadm-fumo',
      ce_type: 'dev.rosetta.outcome.v1',
      ce_subject: 'IMEI:493005100592800',
      ce_time: outcome.occurredAt,
      ce_tenant: outcome.tenant,
      'content-type': 'application/json',
    });
    const body: unknown = JSON.parse(message?.value?.toString() ?? 'null');
    const validation = validateOutcome(body);
    expect(validation.ok).toBe(true);
    expect(body).toEqual(outcome);
  });

  it('an independent consumer (kcat, librdkafka) reads the same event with its key and CloudEvents headers', async () => {
    const outcome: Outcome = {
      ...example,
      id: '0b7e9c1a-2222-8222-9333-444455556666',
      tenant: `kcat-${Date.now()}`,
    };
    const publisher = await createPublisher(connection);
    cleanups.push(() => publisher.close());
    await publisher.publish([
      { topic: OUTCOMES_TOPIC, ...toCloudEvent(outcome, '2026-11-21T12:00:00.000Z') },
    ]);
    const { stdout } = await promisify(execFile)(
      'kcat',
      [
        '-b',
        inject('kafkaBrokers').join(','),
        '-C',
        '-t',
        OUTCOMES_TOPIC,
        // The last records of each partition only: the shared topic holds every other test's outcomes too, and
        // reading it all into one string grows with the suite (it ran a worker out of memory at ~200 MB of JSON).
        '-o',
        '-1000',
        '-e',
        '-q',
        '-J',
        '-X',
        'isolation.level=read_committed',
      ],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    const records = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; payload: string; headers?: string[] });
    const record = records.find((r) => r.key === `${outcome.tenant}/${outcome.device.id}`);
    expect(record).toBeDefined();
    expect(JSON.parse(record?.payload ?? '{}')).toEqual(outcome);
    const headers = record?.headers ?? [];
    const header = (name: string) => headers[headers.indexOf(name) + 1];
    expect(header('ce_id')).toBe(outcome.id);
    expect(header('ce_type')).toBe('dev.rosetta.outcome.v1');
    expect(header('ce_specversion')).toBe('1.0');
  });
});
