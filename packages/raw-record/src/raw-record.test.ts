import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeRawRecord,
  encodeRawRecord,
  FIELD_LIMITS,
  type RawRecord,
  rawRecordProblems,
} from './raw-record.ts';

const record: RawRecord = {
  rawVersion: 1,
  vocabulary: 'omadm-fumo',
  tenant: 'acme',
  recordId: 'sha256:abc',
  receivedAt: '2026-11-21T10:00:00.000Z',
  received: { contentType: 'application/vnd.syncml.dm+xml', encoding: 'utf8', body: '<SyncML/>' },
  results: [{ code: '402', device: { id: 'IMEI:1' }, correlation: { correlator: 'c1' } }],
};

describe('raw record', () => {
  it('round-trips', () => {
    expect(decodeRawRecord(Buffer.from(encodeRawRecord(record)))).toEqual({ ok: true, record });
  });

  it('reports non-JSON, tombstones and schema violations as decode failures with a stage', () => {
    expect(decodeRawRecord(Buffer.from('{oops'))).toMatchObject({ ok: false, stage: 'parse' });
    expect(decodeRawRecord(null)).toMatchObject({
      ok: false,
      stage: 'parse',
      error: 'empty record value (tombstone)',
    });
    const bad = { ...record, vocabulary: 'snmp', results: [{ code: 402 }] };
    const decoded = decodeRawRecord(Buffer.from(JSON.stringify(bad)));
    expect(decoded).toMatchObject({ ok: false, stage: 'validate' });
    expect(decoded.ok ? '' : decoded.error).toMatch(
      /\/vocabulary must be equal to one of the allowed values/,
    );
    expect(decoded.ok ? '' : decoded.error).toMatch(/\/results\/0\/code must be string/);
  });
});

describe('field limits', () => {
  const schema = JSON.parse(
    readFileSync(new URL('../schema/raw-record.v1.schema.json', import.meta.url), 'utf8'),
  ) as {
    properties: Record<
      string,
      {
        maxLength?: number;
        maxItems?: number;
        items?: {
          properties: Record<
            string,
            { maxLength?: number; properties?: Record<string, { maxLength?: number }> }
          >;
        };
      }
    >;
  };

  it('are the numbers the schema enforces', () => {
    const result = schema.properties.results?.items?.properties ?? {};
    expect(schema.properties.tenant?.maxLength).toBe(FIELD_LIMITS.tenant);
    expect(schema.properties.recordId?.maxLength).toBe(FIELD_LIMITS.recordId);
    expect(schema.properties.results?.maxItems).toBe(FIELD_LIMITS.resultsPerRecord);
    expect(result.code?.maxLength).toBe(FIELD_LIMITS.code);
    for (const field of Object.values(result.device?.properties ?? {}))
      expect(field.maxLength).toBe(FIELD_LIMITS.device);
    for (const field of Object.values(result.correlation?.properties ?? {}))
      expect(field.maxLength).toBe(FIELD_LIMITS.correlation);
  });

  it.each([
    ['a code over 128 characters', { results: [{ code: 'x'.repeat(129), device: { id: 'd' } }] }, /code/],
    [
      'a device id over 256 characters',
      { results: [{ code: '1', device: { id: 'd'.repeat(257) } }] },
      /device\/id/,
    ],
    [
      'a model over 256 characters',
      { results: [{ code: '1', device: { id: 'd', model: 'm'.repeat(257) } }] },
      /model/,
    ],
    ['a tenant named __proto__', { tenant: '__proto__' }, /tenant/],
    [
      'a correlator over 256 characters',
      { results: [{ code: '1', device: { id: 'd' }, correlation: { correlator: 'c'.repeat(300) } }] },
      /correlator/,
    ],
  ])('refuse %s, naming the field', (_name, change, field) => {
    expect(rawRecordProblems({ ...record, ...change } as RawRecord)).toMatch(field);
  });

  it('pass a record within them', () => {
    expect(rawRecordProblems(record)).toBeUndefined();
  });
});
