import { standardTranslator } from '@rosetta/mappings';
import { exampleOutcome, type Outcome, validateOutcome } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { timedOutOutcome } from './inferred-outcome.ts';
import { LIFECYCLE_RULES } from './rules.ts';
import {
  applyOutcome,
  HISTORY_LIMIT,
  overdue,
  TIMED_OUT_CODE,
  type UpdateState,
  updateKey,
} from './update-state.ts';
import { validateUpdate } from './validate.ts';

// One LwM2M firmware update told as outcomes: the example's device, its canonical code, stage and status per step.
let serial = 0;
function report(
  code: string,
  stage: Outcome['operation']['stage'],
  status: Outcome['outcome']['status'],
  final: boolean,
  at: string,
  extra: Partial<Outcome['operation']> = {},
): Outcome {
  const base = exampleOutcome('lwm2m-update-succeeded');
  serial += 1;
  return {
    ...base,
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    operation: { type: 'firmware_update', stage, ...extra },
    outcome: { ...base.outcome, code, status, final },
    source: { ...base.source, code: code.toLowerCase() },
    occurredAt: at,
  };
}
const downloading = (at: string) => report('DOWNLOADING', 'download', 'in_progress', false, at);
const downloaded = (at: string) => report('DOWNLOADED', 'download', 'succeeded', false, at);
const succeeded = (at: string) => report('UPDATE_SUCCEEDED', 'install', 'succeeded', true, at);
const integrity = (at: string) => report('PACKAGE_INTEGRITY_FAILED', 'verify', 'failed', true, at);

/** Folds outcomes into one update's state, keeping every state it went through (each checked against the schema). */
function fold(outcomes: Outcome[], start?: UpdateState): UpdateState[] {
  const states: UpdateState[] = [];
  let state = start;
  for (const o of outcomes) {
    const next = applyOutcome(state, o);
    if (!next) continue;
    expect(validateUpdate(next)).toEqual([]);
    states.push(next);
    state = next;
  }
  return states;
}

describe('one update, report by report', () => {
  it('follows every report to its end: status, stage, last report, times, deadline', () => {
    const states = fold([
      downloading('2026-12-01T10:00:00Z'),
      downloaded('2026-12-01T10:05:00Z'),
      succeeded('2026-12-01T10:09:00Z'),
    ]);
    expect(states.map((s) => [s.status, s.stage, s.last.code])).toEqual([
      ['in_progress', 'download', 'DOWNLOADING'],
      ['in_progress', 'download', 'DOWNLOADED'],
      ['succeeded', 'install', 'UPDATE_SUCCEEDED'],
    ]);
    const last = states.at(-1);
    expect(last).toMatchObject({
      key: 'acme/urn:imei:353456789012345/operation:firmware_update',
      attempts: 1,
      startedAt: '2026-12-01T10:00:00Z',
      updatedAt: '2026-12-01T10:09:00Z',
      finishedAt: '2026-12-01T10:09:00Z',
    });
    expect(last?.deadline).toBeUndefined();
    expect(states[0]?.deadline).toEqual({
      stage: 'download',
      at: '2026-12-01T11:00:00.000Z',
      rule: 'deadline/lwm2m-fw/download',
    });
    expect(last?.history.map((t) => t.report.code)).toEqual([
      'DOWNLOADING',
      'DOWNLOADED',
      'UPDATE_SUCCEEDED',
    ]);
  });

  it('ignores a redelivered outcome (same id): no change to publish', () => {
    const first = downloading('2026-12-01T10:00:00Z');
    const [state] = fold([first]);
    expect(applyOutcome(state, first)).toBeUndefined();
  });

  it('keeps a late, older report in the history without moving the state backwards', () => {
    const states = fold([
      downloading('2026-12-01T10:00:00Z'),
      integrity('2026-12-01T10:10:00Z'),
      downloaded('2026-12-01T10:05:00Z'), // arrives last, happened before the failure
    ]);
    const last = states.at(-1);
    expect(last).toMatchObject({ status: 'failed', stage: 'verify', updatedAt: '2026-12-01T10:10:00Z' });
    expect(last?.last.code).toBe('PACKAGE_INTEGRITY_FAILED');
    expect(last?.history.at(-1)).toMatchObject({ late: true, report: { code: 'DOWNLOADED' } });
  });

  it('opens a new attempt when reports resume after a finished update', () => {
    const states = fold([
      downloading('2026-12-01T10:00:00Z'),
      integrity('2026-12-01T10:10:00Z'),
      downloading('2026-12-01T11:00:00Z'),
      succeeded('2026-12-01T11:20:00Z'),
    ]);
    expect(states.map((s) => [s.status, s.attempts])).toEqual([
      ['in_progress', 1],
      ['failed', 1],
      ['in_progress', 2],
      ['succeeded', 2],
    ]);
    expect(states.at(-1)?.startedAt).toBe('2026-12-01T11:00:00Z');
  });

  it('keeps a bounded history', () => {
    const outcomes = Array.from({ length: HISTORY_LIMIT + 10 }, (_, i) =>
      downloading(new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString()),
    );
    expect(fold(outcomes).at(-1)?.history).toHaveLength(HISTORY_LIMIT);
  });

  it('names the update by the correlation the rules give for the vocabulary, else by the operation', () => {
    expect(updateKey(report('DOWNLOADING', 'download', 'in_progress', false, '2026-12-01T10:00:00Z'))).toBe(
      'acme/urn:imei:353456789012345/operation:firmware_update',
    );
    const withPackage = report('DOWNLOADING', 'download', 'in_progress', false, '2026-12-01T10:00:00Z', {
      package: { version: '2.1.0' },
    });
    expect(updateKey(withPackage)).toBe('acme/urn:imei:353456789012345/package:2.1.0');
    const withJob = report('DOWNLOADING', 'download', 'in_progress', false, '2026-12-01T10:00:00Z', {
      package: { version: '2.1.0' },
      correlation: { jobId: 'job-7' },
    });
    expect(updateKey(withJob)).toBe('acme/urn:imei:353456789012345/jobId:job-7');
  });
});

describe('deadlines', () => {
  const [started] = fold([downloading('2026-12-01T10:00:00Z')]);
  if (!started) throw new Error('no state');

  it('time an update out at its deadline, once, by the deadline rule', () => {
    expect(overdue(started, Date.parse('2026-12-01T10:59:59Z'))).toBeUndefined();
    const timedOut = overdue(started, Date.parse('2026-12-01T11:00:00Z'));
    expect(timedOut).toMatchObject({
      status: 'timed_out',
      finishedAt: '2026-12-01T11:00:00.000Z',
      last: { code: TIMED_OUT_CODE },
    });
    expect(timedOut?.history.at(-1)).toMatchObject({ inferred: 'deadline/lwm2m-fw/download' });
    expect(validateUpdate(timedOut)).toEqual([]);
    expect(timedOut && overdue(timedOut, Date.parse('2026-12-02T00:00:00Z'))).toBeUndefined();
  });

  it('publishes the timeout as a valid, inferred UPDATE_TIMED_OUT outcome that, read back, changes nothing', () => {
    const timedOut = overdue(started, Date.parse('2026-12-01T11:00:00Z'));
    if (!timedOut) throw new Error('not timed out');
    const row = standardTranslator().canonical.codes.find((c) => c.code === TIMED_OUT_CODE);
    if (!row) throw new Error('UPDATE_TIMED_OUT is not in the canonical table');
    const outcome = timedOutOutcome(timedOut, row, LIFECYCLE_RULES.version, '2026-12-01T11:00:01.000Z');
    expect(validateOutcome(outcome)).toMatchObject({ ok: true });
    expect(outcome).toMatchObject({
      id: timedOut.last.outcomeId,
      inferred: true,
      inferredBy: 'deadline/lwm2m-fw/download',
      occurredAt: '2026-12-01T11:00:00.000Z',
      outcome: { code: TIMED_OUT_CODE, status: 'failed', final: true },
      source: { protocol: 'lwm2m-fw', code: 'downloading' },
    });
    expect(updateKey(outcome)).toBe(timedOut.key);
    expect(applyOutcome(timedOut, outcome)).toBeUndefined();
  });

  it('a real report after the timeout supersedes it, in the same attempt', () => {
    const timedOut = overdue(started, Date.parse('2026-12-01T12:00:00Z'));
    const [after] = fold([succeeded('2026-12-01T12:30:00Z')], timedOut);
    expect(after).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      superseded: { rule: 'deadline/lwm2m-fw/download', at: '2026-12-01T12:30:00Z' },
    });
  });

  it('a deadline override shortens the stage', () => {
    const state = applyOutcome(undefined, downloading('2026-12-01T10:00:00Z'), {
      deadlines: { 'lwm2m-fw': { download: 'PT5M' } },
    });
    expect(state?.deadline).toEqual({
      stage: 'download',
      at: '2026-12-01T10:05:00.000Z',
      rule: 'deadline/override/lwm2m-fw/download',
    });
  });
});

/** An LwM2M report with its raw code (State `state/<n>` or Update Result `<n>`) and the device's firmware version. */
function lwm2m(
  sourceCode: string,
  code: string,
  stage: Outcome['operation']['stage'],
  status: Outcome['outcome']['status'],
  at: string,
  firmwareVersion = '1.0.0',
  packageVersion?: string,
): Outcome {
  const base = report(code, stage, status, status === 'succeeded' || status === 'failed', at);
  return {
    ...base,
    device: { ...base.device, firmwareVersion },
    operation: { ...base.operation, ...(packageVersion ? { package: { version: packageVersion } } : {}) },
    source: { ...base.source, code: sourceCode },
  };
}

describe('inference rules (rules/lifecycle.json)', () => {
  it('State back to Idle after Downloading, no Update Result: download failed, inferred; its echo changes nothing; a real result supersedes it', () => {
    const states = fold([
      lwm2m('state/1', 'DOWNLOADING', 'download', 'in_progress', '2026-12-01T10:00:00Z'),
      lwm2m('state/0', 'IDLE', 'report', 'unknown', '2026-12-01T10:02:00Z'),
    ]);
    const failed = states.at(-1);
    expect(failed).toMatchObject({
      status: 'failed',
      last: { code: 'DOWNLOAD_FAILED', sourceCode: 'state/0' },
    });
    expect(failed?.deadline).toBeUndefined();
    const inferred = failed?.history.at(-1);
    expect(inferred?.inferred).toBe('lwm2m-fw/idle-after-download');
    expect(failed?.history.map((t) => t.report.code)).toEqual(['DOWNLOADING', 'IDLE', 'DOWNLOAD_FAILED']);
    // The inferred outcome comes back on the outcomes topic with the id the transition carries.
    const echo = { ...lwm2m('state/0', 'DOWNLOAD_FAILED', 'report', 'failed', '2026-12-01T10:02:00Z') };
    expect(applyOutcome(failed, { ...echo, id: inferred?.report.outcomeId ?? '' })).toBeUndefined();
    const late = fold(
      [lwm2m('1', 'UPDATE_SUCCEEDED', 'install', 'succeeded', '2026-12-01T10:09:00Z', '2.0.0')],
      failed,
    );
    expect(late.at(-1)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      superseded: { rule: 'lwm2m-fw/idle-after-download', at: '2026-12-01T10:09:00Z' },
    });
  });

  it('infers nothing when a result already ended the update, and INSTALL_FAILED when Idle follows Updating', () => {
    const reported = fold([
      lwm2m('state/1', 'DOWNLOADING', 'download', 'in_progress', '2026-12-01T10:00:00Z'),
      lwm2m('4', 'NETWORK_CONNECTION_LOST', 'download', 'failed', '2026-12-01T10:01:00Z'),
      lwm2m('state/0', 'IDLE', 'report', 'unknown', '2026-12-01T10:01:01Z'),
    ]);
    expect(reported.at(-1)?.last.code).toBe('IDLE');
    expect(reported.at(-1)?.history.some((t) => t.inferred)).toBe(false);
    const rebooted = fold([
      lwm2m('state/3', 'UPDATING', 'install', 'in_progress', '2026-12-01T10:00:00Z'),
      lwm2m('state/0', 'IDLE', 'report', 'unknown', '2026-12-01T10:03:00Z'),
    ]);
    expect(rebooted.at(-1)).toMatchObject({ status: 'failed', last: { code: 'INSTALL_FAILED' } });
    expect(rebooted.at(-1)?.history.at(-1)?.inferred).toBe('lwm2m-fw/idle-after-updating');
  });

  it('flags a success whose firmware version did not change, unless the package was already installed', () => {
    const start = lwm2m(
      'state/1',
      'DOWNLOADING',
      'download',
      'in_progress',
      '2026-12-01T10:00:00Z',
      '1.0.0',
      '2.0.0',
    );
    const success = (version: string, pkg: string) =>
      lwm2m('1', 'UPDATE_SUCCEEDED', 'install', 'succeeded', '2026-12-01T10:09:00Z', version, pkg);
    const unchanged = fold([start, success('1.0.0', '2.0.0')]).at(-1);
    expect(unchanged).toMatchObject({
      status: 'succeeded',
      firmwareAtStart: '1.0.0',
      suspicious: { rule: 'any/success-firmware-unchanged', at: '2026-12-01T10:09:00Z' },
    });
    expect(fold([start, success('2.0.0', '2.0.0')]).at(-1)?.suspicious).toBeUndefined();
    const already = lwm2m(
      'state/1',
      'DOWNLOADING',
      'download',
      'in_progress',
      '2026-12-01T10:00:00Z',
      '1.0.0',
      '1.0.0',
    );
    expect(fold([already, success('1.0.0', '1.0.0')]).at(-1)?.suspicious).toBeUndefined();
  });

  it("takes a tenant's own stage deadline before the deployment's and the table's", () => {
    const options = {
      deadlines: { 'lwm2m-fw': { download: 'PT10M' } },
      tenantDeadlines: { acme: { 'lwm2m-fw': { download: 'PT5M' } } },
    };
    const first = downloading('2026-12-01T10:00:00Z');
    expect(applyOutcome(undefined, first, options)?.deadline).toEqual({
      stage: 'download',
      at: '2026-12-01T10:05:00.000Z',
      rule: 'deadline/tenant/acme/lwm2m-fw/download',
    });
    expect(applyOutcome(undefined, { ...first, tenant: 'other' }, options)?.deadline?.rule).toBe(
      'deadline/override/lwm2m-fw/download',
    );
  });
});
