import type { AddressInfo } from 'node:net';
import { applyOutcome, type UpdateState } from '@rosetta/lifecycle';
import { buildLifecycleApi, DriftTracker, UpdatesView } from '@rosetta/lifecycle-service';
import { exampleOutcome, type Outcome } from '@rosetta/outcome-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../run-cli.test-helper.ts';

function update(device: string, code: string, status: Outcome['outcome']['status'], n: number): UpdateState {
  const base = exampleOutcome('lwm2m-update-succeeded');
  const outcome: Outcome = {
    ...base,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    device: { id: device },
    operation: { type: 'firmware_update', stage: 'install', correlation: { campaignId: 'spring' } },
    outcome: { ...base.outcome, code, status, final: true },
    occurredAt: `2026-12-01T10:00:0${n}.000Z`,
  };
  const state = applyOutcome(undefined, outcome);
  if (!state) throw new Error('no state');
  return state;
}

const TOKEN = 'status-test-token';
let api: Awaited<ReturnType<typeof buildLifecycleApi>>;
let url: string;

beforeAll(async () => {
  const view = new UpdatesView();
  for (const s of [
    update('d1', 'UPDATE_SUCCEEDED', 'succeeded', 1),
    update('d2', 'PACKAGE_INTEGRITY_FAILED', 'failed', 2),
  ])
    view.apply(s.key, s);
  const drift = new DriftTracker();
  drift.add(exampleOutcome('knox-unmapped'), Date.now());
  drift.add(exampleOutcome('firmware-integrity-failed'), Date.now());
  api = await buildLifecycleApi({ view, drift, token: TOKEN });
  await api.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
});
afterAll(() => api.close());

const status = (...args: string[]) => runCliAsync(['status', ...args, '--url', url, '--token', TOKEN]);

describe('rosetta status (against the lifecycle API on a real socket)', () => {
  it("device: the device's update, its status, code and transitions", async () => {
    const { stdout, status: code } = await status('device', 'acme', 'd2');
    expect(code).toBe(0);
    expect(stdout).toContain('acme/d2: 1 update(s)');
    expect(stdout).toMatch(/campaignId:spring {2}failed at install {2}PACKAGE_INTEGRITY_FAILED/);
  }, 30_000);

  it('campaign: counts by status and code, success ratio, the failed device; --json is the API answer', async () => {
    const text = await status('campaign', 'acme', 'spring');
    expect(text.stdout).toContain('campaign acme/spring: 2 device(s), success 50.0 %');
    expect(text.stdout).toContain('by code: UPDATE_SUCCEEDED 1, PACKAGE_INTEGRITY_FAILED 1');
    expect(text.stdout).toMatch(/failed \(1\):\n {2}d2 {2}failed/);
    const json = JSON.parse((await status('campaign', 'acme', 'spring', '--json')).stdout) as {
      devices: number;
      successRatio: number;
    };
    expect(json).toMatchObject({ devices: 2, successRatio: 0.5 });
    const listed = await status('campaign', 'acme', 'spring', '--status', 'succeeded');
    expect(listed.stdout).toContain('campaign acme/spring: 1 device(s)\n  d1  succeeded');
  }, 30_000);

  it('drift: shares per tenant and vocabulary, then the unmapped codes', async () => {
    const { stdout, status: code } = await status('drift');
    expect(code).toBe(0);
    expect(stdout).toContain('mapping drift over the last 60 min');
    expect(stdout).toMatch(/knox-efota {2}globex {2}1 outcome\(s\) {2}unmapped 100\.0 %/);
    expect(stdout).toMatch(/unmapped codes seen \(add a row for each\):\n {2}knox-efota -9999 {2}1×/);
    const only = await status('drift', '--vocabulary', 'omadm-fumo', '--json');
    expect(JSON.parse(only.stdout)).toMatchObject({ series: [{ vocabulary: 'omadm-fumo' }], unmapped: [] });
  }, 30_000);

  it('the API refuses: its code and message, exit 1; no token: 401; nobody listening: exit 2', async () => {
    const missing = await status('device', 'acme', 'nobody');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(
      'ROSETTA_ERR_CLI_LIFECYCLE_REFUSED: 404 ROSETTA_ERR_LIFECYCLE_NOT_FOUND',
    );
    const anonymous = await runCliAsync(['status', 'device', 'acme', 'd1', '--url', url], {
      LIFECYCLE_API_TOKEN: '',
    });
    expect(anonymous.status).toBe(1);
    expect(anonymous.stderr).toContain('401 ROSETTA_ERR_LIFECYCLE_UNAUTHORIZED');
    const down = await runCliAsync(['status', 'campaign', 'acme', 'spring', '--url', 'http://127.0.0.1:9']);
    expect(down.status).toBe(2);
    expect(down.stderr).toContain('ROSETTA_ERR_CLI_LIFECYCLE_UNREACHABLE');
  }, 30_000);
});
