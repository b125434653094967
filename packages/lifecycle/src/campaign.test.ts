import { exampleOutcome, type Outcome } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import {
  applyCampaignChange,
  CAMPAIGN_LISTED,
  type Campaign,
  campaignChange,
  campaignOf,
} from './campaign.ts';
import { applyOutcome, type UpdateState } from './update-state.ts';
import { validateCampaign, validateCampaignChange } from './validate.ts';

const STEPS: [string, Outcome['operation']['stage'], Outcome['outcome']['status'], boolean][] = [
  ['DOWNLOADING', 'download', 'in_progress', false],
  ['UPDATING', 'install', 'in_progress', false],
  ['UPDATE_SUCCEEDED', 'install', 'succeeded', true],
  ['PACKAGE_INTEGRITY_FAILED', 'verify', 'failed', true],
  ['UPDATE_CANCELLED', 'install', 'cancelled', true],
];
let serial = 0;
function report(device: string, step: number, second: number): Outcome {
  const base = exampleOutcome('lwm2m-update-succeeded');
  const [code, stage, status, final] = STEPS[step] ?? ['UNMAPPED', 'unknown', 'unknown', false];
  serial += 1;
  return {
    ...base,
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    device: { id: device },
    operation: { type: 'firmware_update', stage, correlation: { campaignId: 'spring' } },
    outcome: { ...base.outcome, code, status, final },
    occurredAt: new Date(Date.UTC(2026, 11, 1, 10, 0, second)).toISOString(),
  };
}

/** Reports in a seeded pseudo-random order; returns the campaign built from changes and the final states. */
function run(devices: number, reports: number) {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const states = new Map<string, UpdateState>();
  let campaign: Campaign | undefined;
  for (let i = 0; i < reports; i++) {
    const device = `d${Math.floor(random() * devices)}`;
    const previous = states.get(device);
    const next = applyOutcome(previous, report(device, Math.floor(random() * STEPS.length), i));
    if (!next) continue;
    states.set(device, next);
    const change = campaignChange(previous, next);
    if (!change) continue;
    expect(validateCampaignChange(JSON.parse(JSON.stringify(change)))).toEqual([]);
    campaign = applyCampaignChange(campaign, change);
  }
  return { campaign, states: [...states.values()] };
}

describe('campaigns from changes', () => {
  it('counts by status and code equal a recount of the final states, whatever the order of moves', () => {
    const { campaign, states } = run(40, 600);
    const recount = (of: (s: UpdateState) => string) => {
      const counts: Record<string, number> = {};
      for (const s of states) counts[of(s)] = (counts[of(s)] ?? 0) + 1;
      return counts;
    };
    expect(campaign?.devices).toBe(states.length);
    expect(Object.fromEntries(Object.entries(campaign?.byStatus ?? {}).filter(([, n]) => n > 0))).toEqual(
      recount((s) => s.status),
    );
    expect(campaign?.byCode).toEqual(recount((s) => s.last.code));
    expect(campaign?.failed.map((d) => d.device).sort()).toEqual(
      states
        .filter((s) => s.status === 'failed')
        .map((s) => s.device)
        .sort(),
    );
    const { succeeded = 0, failed = 0, cancelled = 0, timed_out = 0 } = recount((s) => s.status);
    expect(campaign?.successRatio).toBeCloseTo(succeeded / (succeeded + failed + cancelled + timed_out));
    expect(validateCampaign(campaign)).toEqual([]);
  });

  it('lists at most CAMPAIGN_LISTED failed devices while counting all of them', () => {
    let campaign: Campaign | undefined;
    for (let i = 0; i < CAMPAIGN_LISTED + 20; i++) {
      const state = applyOutcome(undefined, report(`f${i}`, 3, 0));
      const change = state && campaignChange(undefined, state);
      if (change) campaign = applyCampaignChange(campaign, change);
    }
    expect(campaign?.byStatus.failed).toBe(CAMPAIGN_LISTED + 20);
    expect(campaign?.failed).toHaveLength(CAMPAIGN_LISTED);
    expect(validateCampaign(campaign)).toEqual([]);
  });

  it('names a campaign only for campaign and job correlations, and sends no change when nothing shown moved', () => {
    expect(campaignOf({ update: 'campaignId:c:7' })).toBe('c:7');
    expect(campaignOf({ update: 'jobId:42' })).toBe('42');
    expect(campaignOf({ update: 'package:2.1.0' })).toBeUndefined();
    const first = applyOutcome(undefined, report('d1', 0, 0));
    const again = first && applyOutcome(first, report('d1', 0, 5));
    expect(first && again && campaignChange(first, again)).toBeUndefined();
  });
});
