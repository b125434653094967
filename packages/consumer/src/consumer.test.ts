import { exampleOutcome, type Outcome, toCloudEvent } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { Deduplicator } from './dedup.ts';
import { decodeOutcomeEvent, type OutcomeEvent } from './event.ts';
import { FleetView } from './fleet.ts';

const example = exampleOutcome('firmware-integrity-failed');
const message = (outcome: Outcome, recorded = '2026-11-21T12:00:00.000Z') => {
  const record = toCloudEvent(outcome, recorded);
  return { key: record.key, value: record.value, headers: record.headers };
};
const decode = (outcome: Outcome, recorded?: string): OutcomeEvent => {
  const result = decodeOutcomeEvent(message(outcome, recorded));
  if (!result.ok) throw new Error(result.error);
  return result.event;
};

describe('decodeOutcomeEvent', () => {
  it('reads the CloudEvents attributes and the typed outcome', () => {
    const event = decode(example);
    expect(event).toMatchObject({
      id: example.id,
      source: '/rosetta/omadm-fumo',
      tenant: 'acme',
      subject: example.device.id,
      mappingVersion: 'omadm-fumo@1.0.0',
    });
    expect(event.outcome.outcome.code).toBe('PACKAGE_INTEGRITY_FAILED');
  });

  it('refuses records that are not valid outcome events, saying why', () => {
    const m = message(example);
    expect(decodeOutcomeEvent({ ...m, headers: { ...m.headers, ce_specversion: '0.3' } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/CloudEvent 1.0/),
    });
    expect(decodeOutcomeEvent({ ...m, value: '{]' })).toEqual({ ok: false, error: 'data is not JSON' });
    expect(decodeOutcomeEvent({ ...m, value: JSON.stringify({ ...example, tenant: '' }) })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/outcome.v1/),
    });
  });
});

describe('Deduplicator', () => {
  it('tells new, duplicate and correction apart', () => {
    const dedup = new Deduplicator();
    expect(dedup.classify(decode(example))).toBe('new');
    expect(dedup.classify(decode(example, '2026-11-21T12:00:01.000Z'))).toBe('duplicate'); // a replay that changed nothing
    const fixed: Outcome = {
      ...example,
      outcome: { ...example.outcome, code: 'PACKAGE_SIGNATURE_INVALID' },
      mapping: { ...example.mapping, version: '1.1.0' },
    };
    expect(dedup.classify(decode(fixed, '2026-11-22T09:00:00.000Z'))).toBe('correction');
    expect(dedup.classify(decode(fixed, '2026-11-22T09:00:00.000Z'))).toBe('duplicate');
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const dedup = new Deduplicator(2);
    const ids = [
      '00000000-0000-8000-8000-000000000001',
      '00000000-0000-8000-8000-000000000002',
      '00000000-0000-8000-8000-000000000003',
    ] as const;
    for (const id of ids) dedup.classify(decode({ ...example, id }));
    expect(dedup.classify(decode({ ...example, id: ids[0] }))).toBe('new');
    expect(dedup.classify(decode({ ...example, id: ids[2] }))).toBe('duplicate');
  });
});

describe('FleetView', () => {
  it('keeps the latest outcome per device and summarizes the fleet', () => {
    const fleet = new FleetView();
    fleet.apply(decode(example));
    fleet.apply(
      decode({
        ...example,
        id: '00000000-0000-8000-8000-00000000000a',
        occurredAt: '2026-11-22T00:00:00.000Z',
        outcome: { ...example.outcome, code: 'UPDATE_SUCCEEDED', status: 'succeeded', category: 'none' },
      }),
    );
    fleet.apply(decode({ ...example, id: '00000000-0000-8000-8000-00000000000b', device: { id: 'other' } }));
    expect(fleet.summary()).toEqual({
      devices: 2,
      byStatus: { succeeded: 1, failed: 1 },
      byCode: { UPDATE_SUCCEEDED: 1, PACKAGE_INTEGRITY_FAILED: 1 },
    });
  });
});
