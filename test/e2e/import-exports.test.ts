import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { type Outcome, validateOutcome } from '@rosetta/outcome-schema';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../packages/cli/src/run-cli.test-helper.ts';
import { readUntil } from '../support/read-until.ts';

// Migration: years of vendor history in one command. Each test generates a realistic export of a few thousand rows
// (with some broken rows, as real exports have), translates it, and checks every row is accounted for.
const dir = mkdtempSync(join(tmpdir(), 'rosetta-exports-'));
const KNOX_CODES = ['0', '900', '-2402', '-2501', '-1450', '-7003', '-2407', '-31337'];
const PELION_EVENTS = [
  'UPD4_OK_100',
  'UPD4_FAIL_504',
  'UPD4_FAIL_221',
  'UPD1_FAIL_4',
  'SYS_110',
  'UPD4_FAIL_312',
];
const EAS_CODES = ['provision/1', 'provision/139', 'policy/5', 'policy-ack/2', 'wipe/2'];
const time = (i: number) => new Date(Date.UTC(2022, 0, 1) + i * 3_600_000).toISOString();
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Outcome);

describe('rosetta import of vendor exports', () => {
  it('Knox E-FOTA: a CSV of devices with their error code and time (3,000 rows)', () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `${356938035600000 + i},SM-G99${i % 10}B,${KNOX_CODES[i % KNOX_CODES.length]},${time(i)}`,
    );
    rows[100] = '356938035600100,SM-G990B,,2022-01-05T04:00:00Z'; // no code
    rows[2000] = '356938035602000,SM-G990B,-2402,not-a-date';
    const file = join(dir, 'knox.csv');
    writeFileSync(file, `IMEI,Model,Error Code,Reported At\n${rows.join('\n')}\n`);
    const result = runCli([
      'import',
      'knox-efota',
      file,
      '--tenant',
      'acme',
      '--device-column',
      'IMEI',
      '--code-column',
      'Error Code',
      '--time-column',
      'Reported At',
    ]);
    const outcomes = lines(result.stdout);
    expect(result.stderr).toContain('imported 2998 rows, 2 unreadable');
    expect(outcomes).toHaveLength(2998);
    expect(outcomes.every((o) => validateOutcome(o).ok)).toBe(true);
    expect(outcomes.filter((o) => o.outcome.code === 'UNMAPPED')).toHaveLength(375);
    const errors = readFileSync(`${file}.errors.ndjson`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number });
    expect(errors.map((e) => e.line)).toEqual([102, 2002]);
  });

  it('Pelion: a JSON dump of device events in the API list envelope (4,000 events)', () => {
    const data = Array.from({ length: 4000 }, (_, i) => ({
      object: 'device-event',
      id: `ev-${i}`,
      device_id: `dev-${i % 700}`,
      date_time: time(i),
      event_type: PELION_EVENTS[i % PELION_EVENTS.length],
    }));
    const file = join(dir, 'pelion-events.json');
    writeFileSync(file, JSON.stringify({ object: 'list', has_more: false, data }));
    const result = runCli([
      'import',
      'pelion-update',
      file,
      '--device-column',
      'device_id',
      '--code-column',
      'event_type',
      '--time-column',
      'date_time',
    ]);
    const outcomes = lines(result.stdout);
    expect(result.status).toBe(0);
    expect(outcomes).toHaveLength(4000);
    const counts = Object.fromEntries(
      PELION_EVENTS.map((code) => [code, outcomes.filter((o) => o.source.code === code).length]),
    );
    expect(Object.values(counts).every((n) => n > 600)).toBe(true);
    expect(outcomes.find((o) => o.source.code === 'UPD4_FAIL_504')?.outcome.code).toBe(
      'PACKAGE_INTEGRITY_FAILED',
    );
  });

  it('Exchange ActiveSync: an NDJSON export of provisioning statuses (2,500 rows), published to Kafka with --kafka', async () => {
    const tenant = `eas-${randomUUID().slice(0, 6)}`;
    const file = join(dir, 'eas.ndjson');
    writeFileSync(
      file,
      `${Array.from({ length: 2500 }, (_, i) => JSON.stringify({ deviceId: `Appl${i}`, status: EAS_CODES[i % EAS_CODES.length], when: time(i) })).join('\n')}\n`,
    );
    const brokers = inject('kafkaBrokers');
    const result = runCli(
      [
        'import',
        'eas-provision',
        file,
        '--kafka',
        '--tenant',
        tenant,
        '--device-column',
        'deviceId',
        '--code-column',
        'status',
        '--time-column',
        'when',
      ],
      undefined,
      { KAFKA_BROKERS: brokers.join(',') },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const published = await readUntil(
      createKafka({ brokers, clientId: 'import-test' }),
      OUTCOMES_TOPIC,
      (m) => m.key?.toString().startsWith(`${tenant}/`) ?? false,
      2500,
    );
    expect(published).toHaveLength(2500);
    expect(new Set(published.map((m) => (JSON.parse(m.value?.toString() ?? '{}') as Outcome).id)).size).toBe(
      2500,
    );
  });
});
