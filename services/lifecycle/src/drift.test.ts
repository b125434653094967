import { exampleOutcome, type Outcome } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { DriftTracker } from './drift.ts';

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const MINUTE = 60_000;

function outcome(
  fidelity: Outcome['mapping']['fidelity'],
  code = '1',
  tenant = 'acme',
  protocol: Outcome['source']['protocol'] = 'lwm2m-fw',
): Outcome {
  const base = exampleOutcome('lwm2m-update-succeeded');
  return {
    ...base,
    tenant,
    source: {
      ...base.source,
      protocol,
      code,
      description: fidelity === 'unmapped' ? null : base.source.description,
    },
    mapping: { ...base.mapping, fidelity },
  };
}

describe('DriftTracker', () => {
  it('gives per tenant and vocabulary the unmapped and broader shares over the window, per minute', () => {
    const drift = new DriftTracker();
    for (let i = 0; i < 8; i++) drift.add(outcome('exact'), T0 + i * 1000);
    drift.add(outcome('unmapped', '99'), T0 + 5000);
    drift.add(outcome('broader'), T0 + MINUTE + 1);
    drift.add(outcome('unmapped', '12', 'other', 'knox-efota'), T0);
    const [knox, lwm2m] = drift.snapshot(T0 + 2 * MINUTE);
    expect(knox).toMatchObject({ tenant: 'other', vocabulary: 'knox-efota', outcomes: 1, unmappedShare: 1 });
    expect(lwm2m).toMatchObject({
      tenant: 'acme',
      outcomes: 10,
      unmapped: 1,
      broader: 1,
      unmappedShare: 0.1,
    });
    expect(lwm2m?.timeline).toEqual([
      { at: '2026-12-01T10:00:00.000Z', outcomes: 9, unmapped: 1, broader: 0 },
      { at: '2026-12-01T10:01:00.000Z', outcomes: 1, unmapped: 0, broader: 1 },
    ]);
    expect(drift.snapshot(T0 + 2 * MINUTE, { vocabulary: 'lwm2m-fw' })).toHaveLength(1);
    // An hour later the first minute has left the window, and with it the knox series.
    const later = drift.snapshot(T0 + 61 * MINUTE);
    expect(later.map((s) => [s.vocabulary, s.outcomes])).toEqual([['lwm2m-fw', 1]]);
  });

  it('lists unmapped codes by count with first and last seen, tenants, and the table row to start from', () => {
    const drift = new DriftTracker();
    drift.add(outcome('unmapped', '77', 'acme'), T0);
    drift.add(outcome('unmapped', '77', 'beta'), T0 + 3000);
    drift.add(outcome('unmapped', '78'), T0 + 1000);
    const [first, second] = drift.unmapped('lwm2m-fw');
    expect(first).toMatchObject({
      code: '77',
      count: 2,
      firstSeen: '2026-12-01T10:00:00.000Z',
      lastSeen: '2026-12-01T10:00:03.000Z',
      tenants: ['acme', 'beta'],
      draftRow: { code: '77', canonical: 'UNMAPPED', fidelity: 'unmapped' },
    });
    expect(first?.draftRow.note).toContain('seen 2 time(s)');
    expect(second?.code).toBe('78');
    expect(drift.unmapped('knox-efota')).toEqual([]);
  });

  it('caps what senders choose: codes per vocabulary (least recently seen dropped), series, code length', () => {
    const drift = new DriftTracker({ maxCodesPerVocabulary: 3, maxSeries: 2 });
    for (const code of ['a', 'b', 'c']) drift.add(outcome('unmapped', code), T0);
    drift.add(outcome('unmapped', 'a'), T0 + 1); // a is recent again: b is the least recently seen
    drift.add(outcome('unmapped', 'd'), T0 + 2);
    expect(
      drift
        .unmapped()
        .map((c) => c.code)
        .sort(),
    ).toEqual(['a', 'c', 'd']);
    drift.add(outcome('exact', '1', 'second-tenant'), T0);
    drift.add(outcome('exact', '1', 'third-tenant'), T0);
    expect(
      drift
        .snapshot(T0)
        .map((s) => s.tenant)
        .sort(),
    ).toEqual(['*', 'acme', 'second-tenant']);
    drift.add(outcome('unmapped', 'x'.repeat(5000)), T0);
    expect(drift.unmapped().find((c) => c.code.startsWith('x'))?.code).toHaveLength(128);
  });
});
