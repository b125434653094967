import { applyOutcome } from '@rosetta/lifecycle';
import { exampleOutcome, type Outcome } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { buildLifecycleApi } from './api.ts';
import { DriftTracker } from './drift.ts';
import { UpdatesView } from './updates-view.ts';

let serial = 0;
function put(view: UpdatesView, device: string, code: string, status: Outcome['outcome']['status']) {
  const base = exampleOutcome('lwm2m-update-succeeded');
  serial += 1;
  const state = applyOutcome(undefined, {
    ...base,
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    device: { id: device },
    operation: { type: 'firmware_update', stage: 'install', correlation: { campaignId: 'spring' } },
    outcome: { ...base.outcome, code, status, final: true },
  });
  if (state) view.apply(state.key, state);
}

const NOW = Date.UTC(2026, 11, 1, 10, 30);

async function api(token?: string) {
  const view = new UpdatesView();
  put(view, 'd1', 'UPDATE_SUCCEEDED', 'succeeded');
  put(view, 'd2', 'PACKAGE_INTEGRITY_FAILED', 'failed');
  const drift = new DriftTracker();
  const base = exampleOutcome('knox-unmapped');
  for (let i = 0; i < 4; i++) drift.add(exampleOutcome('firmware-integrity-failed'), NOW - i * 1000);
  drift.add(base, NOW - 500);
  return buildLifecycleApi({ view, drift, now: () => NOW, ...(token ? { token } : {}) });
}

describe('lifecycle API', () => {
  it("answers a device's updates and a campaign's summary and devices", async () => {
    const app = await api();
    const device = await app.inject('/v1/updates/acme/d1');
    expect(device.statusCode).toBe(200);
    expect(device.json()).toMatchObject({
      device: 'd1',
      updates: [{ status: 'succeeded', update: 'campaignId:spring' }],
    });
    const campaign = await app.inject('/v1/campaigns/acme/spring');
    expect(campaign.json()).toMatchObject({
      devices: 2,
      byStatus: { succeeded: 1, failed: 1 },
      successRatio: 0.5,
    });
    const failed = await app.inject('/v1/campaigns/acme/spring/devices?status=failed');
    expect(failed.json()).toMatchObject({
      total: 1,
      devices: [{ device: 'd2', code: 'PACKAGE_INTEGRITY_FAILED' }],
    });
    const docs = (await app.inject('/docs')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining(['/v1/updates/{tenant}/{device}', '/v1/campaigns/{tenant}/{id}/devices']),
    );
  });

  it('answers mapping drift: shares per tenant and vocabulary, and the unmapped codes with a draft row', async () => {
    const app = await api();
    const unmapped = exampleOutcome('knox-unmapped');
    const drift = (await app.inject('/v1/drift')).json() as {
      windowSeconds: number;
      series: { vocabulary: string; outcomes: number; unmappedShare: number }[];
    };
    expect(drift.windowSeconds).toBe(3600);
    expect(drift.series.map((s) => [s.vocabulary, s.outcomes, s.unmappedShare])).toEqual([
      ['knox-efota', 1, 1],
      ['omadm-fumo', 4, 0],
    ]);
    const codes = await app.inject('/v1/drift/unmapped?vocabulary=knox-efota');
    expect(codes.json()).toMatchObject({
      codes: [{ code: unmapped.source.code, count: 1, draftRow: { canonical: 'UNMAPPED' } }],
    });
    expect((await app.inject('/v1/drift?vocabulary=klingon')).statusCode).toBe(400);
    expect((await app.inject('/v1/drift/unmapped?limit=0')).statusCode).toBe(400);
  });

  it('refuses what it cannot answer with a documented 4xx', async () => {
    const app = await api();
    const unknown = await app.inject('/v1/updates/acme/nobody');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'ROSETTA_ERR_LIFECYCLE_NOT_FOUND' });
    expect((await app.inject('/v1/campaigns/acme/nothing')).statusCode).toBe(404);
    expect((await app.inject('/v1/campaigns/acme/spring/devices?status=sideways')).statusCode).toBe(400);
    expect((await app.inject(`/v1/updates/acme/${'x'.repeat(300)}`)).statusCode).toBe(414);
  });

  it('with a token, refuses requests without it (401) and answers those with it', async () => {
    const app = await api('s3cret');
    const none = await app.inject('/v1/updates/acme/d1');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'ROSETTA_ERR_LIFECYCLE_UNAUTHORIZED' });
    const wrong = await app.inject({ url: '/v1/updates/acme/d1', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({
      url: '/v1/updates/acme/d1',
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(right.statusCode).toBe(200);
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});
