import { createHash } from 'node:crypto';
import { DLQ_HEADER, DLQ_TOPIC, type IncomingRecord, OUTCOMES_TOPIC, recordBytes } from '@rosetta/kafka';
import { standardTranslator, type Translator } from '@rosetta/mappings';
import { validateOutcome } from '@rosetta/outcome-schema';
import type { RawRecord } from '@rosetta/raw-record';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadLetter } from './dead-letter.ts';
import { normalize } from './normalize.ts';

const translator = standardTranslator();
const now = () => '2026-11-21T12:00:00.000Z';
const raw: RawRecord = {
  rawVersion: 1,
  vocabulary: 'knox-efota',
  tenant: 'acme',
  recordId: 'evt-1',
  receivedAt: '2026-11-21T11:59:59.000Z',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  received: { contentType: 'application/json', encoding: 'utf8', body: '{}' },
  results: [
    { code: '-2402', device: { id: 'R58N1' }, correlation: { campaignId: 'c-1' } },
    { code: '-31337', device: { id: 'R58N1' } },
  ],
};
const input = (value: string | null): IncomingRecord => ({
  topic: 'rosetta.raw.knox-efota',
  partition: 2,
  offset: '41',
  key: Buffer.from('acme/R58N1'),
  value: value === null ? null : Buffer.from(value),
  headers: { traceparent: 'x' },
  timestamp: '0',
});

describe('normalize', () => {
  it('turns every result of a raw record into a valid CloudEvent keyed by tenant/device', () => {
    const result = normalize(input(JSON.stringify(raw)), { translator, now });
    expect(result.kind).toBe('outcomes');
    if (result.kind !== 'outcomes') return;
    expect(result.outcomes.map((o) => [o.outcome.code, o.mapping.fidelity])).toEqual([
      ['PACKAGE_INTEGRITY_FAILED', 'exact'],
      ['UNMAPPED', 'unmapped'],
    ]);
    for (const o of result.outcomes) expect(validateOutcome(o).ok).toBe(true);
    expect(result.records[0]).toMatchObject({
      topic: OUTCOMES_TOPIC,
      key: 'acme/R58N1',
      headers: {
        ce_id: result.outcomes[0]?.id,
        ce_recordedtime: now(),
        ce_traceparent: raw.traceparent,
        ce_mappingversion: 'KNOX_EFOTA_ERROR_TO_OUTCOME@1.0.0',
      },
    });
    expect(result.outcomes[0]?.id).not.toBe(result.outcomes[1]?.id);
  });

  it('gives the same ids when the same raw record is normalized again', () => {
    const a = normalize(input(JSON.stringify(raw)), { translator, now });
    const b = normalize(input(JSON.stringify(raw)), { translator, now: () => '2027-01-01T00:00:00.000Z' });
    if (a.kind !== 'outcomes' || b.kind !== 'outcomes')
      throw new Error('both must be outcomes, not dead letters');
    expect(a.outcomes.length).toBeGreaterThan(0);
    expect(a.outcomes.map((o) => o.id)).toEqual(b.outcomes.map((o) => o.id));
  });

  it('dead-letters a poison record with its original bytes, headers, and where and why it failed', () => {
    const result = normalize(input('{not json'), { translator, now });
    expect(result).toMatchObject({ kind: 'dead-letter', stage: 'parse' });
    if (result.kind !== 'dead-letter') return;
    expect(result.record.topic).toBe(DLQ_TOPIC);
    expect(result.record.value.toString()).toBe('{not json');
    expect(result.record.headers).toMatchObject({
      traceparent: 'x',
      rosetta_dlq_stage: 'parse',
      rosetta_dlq_source_topic: 'rosetta.raw.knox-efota',
      rosetta_dlq_source_partition: '2',
      rosetta_dlq_source_offset: '41',
      rosetta_dlq_time: now(),
    });
    expect(result.record.headers?.rosetta_dlq_error).toMatch(/^not JSON/);
  });

  it('dead-letters a record that is JSON but not a raw record', () => {
    expect(normalize(input(JSON.stringify({ ...raw, rawVersion: 2 })), { translator, now })).toMatchObject({
      kind: 'dead-letter',
      stage: 'validate',
    });
  });

  it('never sends an outcome that fails the canonical schema: it goes to the DLQ', () => {
    const broken: Translator = {
      ...translator,
      translate: (v, c, p) => {
        const t = translator.translate(v, c, p);
        return { ...t, outcome: { ...t.outcome, status: 'exploded' as 'failed' } };
      },
    };
    const result = normalize(input(JSON.stringify(raw)), { translator: broken, now });
    expect(result).toMatchObject({ kind: 'dead-letter', stage: 'outcome-schema' });
    expect(result.kind === 'dead-letter' && result.error).toMatch(
      /\/outcome\/status must be equal to one of the allowed values/,
    );
  });
});

describe('records that cannot become publishable outcomes are dead-lettered, never stop the partition', () => {
  it('dead-letters the 524,060-character Knox code (over the field limit), cut to fit with its size and SHA-256', () => {
    const huge: RawRecord = {
      ...raw,
      results: [{ code: `-${'9'.repeat(524_060)}`, device: { id: 'R58N1' } }],
    };
    const result = normalize(input(JSON.stringify(huge)), { translator, now, maxRecordBytes: 100_000 });
    expect(result.kind).toBe('dead-letter');
    if (result.kind !== 'dead-letter') return;
    expect(result.stage).toBe('validate');
    expect(result.record.topic).toBe(DLQ_TOPIC);
    expect(recordBytes(result.record)).toBeLessThanOrEqual(100_000);
    expect(result.record.headers?.[DLQ_HEADER.originalBytes]).toBe(String(JSON.stringify(huge).length));
    expect(result.record.headers?.[DLQ_HEADER.originalSha256]).toBe(
      createHash('sha256').update(JSON.stringify(huge)).digest('hex'),
    );
  });

  it('dead-letters a valid record whose outcome would pass the record limit', () => {
    const result = normalize(input(JSON.stringify(raw)), { translator, now, maxRecordBytes: 800 });
    expect(result.kind).toBe('dead-letter');
    if (result.kind !== 'dead-letter') return;
    expect(result.stage).toBe('too-large');
    expect(result.error).toMatch(/over the 800-byte record limit/);
    expect(recordBytes(result.record)).toBeLessThanOrEqual(800);
  });

  it('keeps the whole original when it fits, and cuts an over-long reason', () => {
    const record = deadLetter(input('{}'), { stage: 'validate', error: 'x'.repeat(100_000), now: now() });
    expect(record.value.toString()).toBe('{}');
    expect(record.headers?.[DLQ_HEADER.originalBytes]).toBeUndefined();
    expect(record.headers?.[DLQ_HEADER.error]?.length).toBeLessThan(2100);
  });

  it('never throws, whatever the bytes (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (value) => {
          const result = normalize(input(value), { translator, now });
          expect(['outcomes', 'dead-letter']).toContain(result.kind);
        },
      ),
      { numRuns: 500 },
    );
  });
});
