import { describe, expect, it } from 'vitest';
import { decodeRawRecord, encodeRawRecord, type RawRecord } from './raw-record.ts';

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
