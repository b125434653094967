import { outcomeId } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { createRawRecord, resultOutcomeId } from './create.ts';
import { rawRecordProblems } from './raw-record.ts';

const base = {
  vocabulary: 'knox-efota' as const,
  tenant: 'acme',
  recordId: 'r-1',
  received: { contentType: 'application/json', encoding: 'utf8' as const, body: '{}' },
  results: [{ code: '-2402', device: { id: 'dev-1' } }],
};

describe('createRawRecord', () => {
  it('builds a valid version-1 record, receivedAt defaulting to now', () => {
    const before = Date.now();
    const record = createRawRecord(base);
    expect(record).toMatchObject({ rawVersion: 1, ...base });
    expect(Date.parse(record.receivedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(rawRecordProblems(record)).toBeUndefined();
  });

  it('leaves out a profile or traceparent that is absent, keeps them when given', () => {
    const bare = createRawRecord({ ...base, profile: undefined, traceparent: undefined });
    expect(Object.keys(bare)).not.toContain('profile');
    expect(Object.keys(bare)).not.toContain('traceparent');
    const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(createRawRecord({ ...base, profile: 'p', traceparent: tp, receivedAt: 'x' })).toMatchObject({
      profile: 'p',
      traceparent: tp,
      receivedAt: 'x',
    });
  });
});

describe('resultOutcomeId', () => {
  it('is the outcome id of the source, device and position, and differs by position', () => {
    expect(resultOutcomeId(base, 'dev-1', 0)).toBe(outcomeId(['knox-efota', 'acme', 'dev-1', 'r-1', '0']));
    expect(resultOutcomeId(base, 'dev-1', 1)).not.toBe(resultOutcomeId(base, 'dev-1', 0));
  });
});
