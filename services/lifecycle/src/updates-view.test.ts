import { applyOutcome, overdue, type UpdateState } from '@rosetta/lifecycle';
import { exampleOutcome, type Outcome } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { UpdatesView } from './updates-view.ts';

let serial = 0;
function state(
  device: string,
  code: string,
  status: Outcome['outcome']['status'],
  final: boolean,
  campaign?: string,
) {
  const base = exampleOutcome('lwm2m-update-succeeded');
  serial += 1;
  const outcome: Outcome = {
    ...base,
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    device: { id: device },
    operation: {
      type: 'firmware_update',
      stage: final ? 'install' : 'download',
      ...(campaign ? { correlation: { campaignId: campaign } } : {}),
    },
    outcome: { ...base.outcome, code, status, final },
    occurredAt: '2026-12-01T10:00:00.000Z',
  };
  const next = applyOutcome(undefined, outcome);
  if (!next) throw new Error('no state');
  return next;
}

describe('UpdatesView', () => {
  it('answers by device and by campaign, counts by status and code, lists stuck and failed devices', () => {
    const view = new UpdatesView();
    const put = (s: UpdateState) => view.apply(s.key, s);
    put(state('d1', 'UPDATE_SUCCEEDED', 'succeeded', true, 'c-1'));
    put(state('d2', 'PACKAGE_INTEGRITY_FAILED', 'failed', true, 'c-1'));
    const silent = state('d3', 'DOWNLOADING', 'in_progress', false, 'c-1');
    put(silent);
    const timedOut = overdue(silent, Date.parse('2026-12-02T00:00:00Z'));
    if (!timedOut) throw new Error('not overdue');
    put(state('d4', 'DOWNLOADING', 'in_progress', false, 'c-1'));
    put(state('d1', 'DOWNLOADING', 'in_progress', false)); // another update of d1, in no campaign

    expect(view.device('acme', 'd1').map((s) => s.update)).toEqual([
      'campaignId:c-1',
      'operation:firmware_update',
    ]);
    const before = view.campaign('acme', 'c-1', Date.parse('2026-12-01T10:30:00Z'));
    expect(before).toMatchObject({
      devices: 4,
      byStatus: { succeeded: 1, failed: 1, in_progress: 2 },
      byCode: { UPDATE_SUCCEEDED: 1, PACKAGE_INTEGRITY_FAILED: 1, DOWNLOADING: 2 },
      successRatio: 0.5,
      stuck: [],
    });
    expect(before?.failed.map((l) => [l.device, l.code])).toEqual([['d2', 'PACKAGE_INTEGRITY_FAILED']]);
    // d4's deadline has passed without a timeout yet (stuck); d3 has timed out (stuck, and finished).
    put(timedOut);
    const after = view.campaign('acme', 'c-1', Date.parse('2026-12-02T00:00:00Z'));
    expect(after?.stuck.map((l) => l.device).sort()).toEqual(['d3', 'd4']);
    expect(after?.successRatio).toBeCloseTo(1 / 3);
    view.apply(timedOut.key, null);
    expect(view.campaign('acme', 'c-1', 0)?.devices).toBe(3);
    expect(view.campaign('acme', 'nope', 0)).toBeUndefined();
    expect(view.device('other', 'd1')).toEqual([]);
  });
});
