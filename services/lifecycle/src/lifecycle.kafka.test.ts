import { randomUUID } from 'node:crypto';
import { createKafka, createPublisher, readRange } from '@rosetta/kafka';
import { type UpdateState, validateUpdate } from '@rosetta/lifecycle';
import { exampleOutcome, type Outcome, toCloudEvent } from '@rosetta/outcome-schema';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type LifecycleService, startLifecycle } from './app.ts';

const brokers = inject('kafkaBrokers');
const tag = randomUUID().slice(0, 8);
const outcomesTopic = `lifecycle-outcomes-${tag}`;
const updatesTopic = `lifecycle-updates-${tag}`;
const campaignChangesTopic = `lifecycle-campaign-changes-${tag}`;
const campaignsTopic = `lifecycle-campaigns-${tag}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let serial = 0;
/** One report of device `device`'s firmware update, `seconds` after the test's start. */
function report(
  device: string,
  code: string,
  stage: Outcome['operation']['stage'],
  final: boolean,
  at: Date,
  sourceCode = '1',
) {
  const base = exampleOutcome('lwm2m-update-succeeded');
  serial += 1;
  const status: Outcome['outcome']['status'] = final ? 'succeeded' : 'in_progress';
  return {
    ...base,
    id: `00000000-0000-4000-8000-${tag}${String(serial).padStart(4, '0')}`,
    device: { id: device },
    operation: { type: 'firmware_update', stage },
    outcome: { ...base.outcome, code, status, final },
    source: { ...base.source, code: sourceCode },
    occurredAt: at.toISOString(),
  } satisfies Outcome;
}

async function publish(outcomes: readonly (Outcome | string)[]) {
  const publisher = await createPublisher({ brokers, clientId: 'lifecycle-test' });
  await publisher.publish(
    outcomes.map((o) =>
      typeof o === 'string'
        ? { topic: outcomesTopic, key: 'junk', value: o }
        : { topic: outcomesTopic, ...toCloudEvent(o, new Date().toISOString()) },
    ),
  );
  await publisher.close();
}

async function readAll(topic: string) {
  const records: { key: string; value: string; partition: number }[] = [];
  await readRange({ brokers, clientId: 'lifecycle-test-reader' }, [topic], { earliest: true }, (r) => {
    records.push({ key: String(r.key), value: String(r.value), partition: r.partition });
  });
  return records;
}

/** The latest state per update key, as a consumer materializing the compacted topic would see it. */
async function updates(): Promise<Map<string, UpdateState>> {
  const latest = new Map<string, UpdateState>();
  for (const r of await readAll(updatesTopic)) latest.set(r.key, JSON.parse(r.value) as UpdateState);
  return latest;
}

async function until<T>(what: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; ; await sleep(250)) {
    const value = await what();
    if (ok(value) || Date.now() > end) return value;
  }
}

const timeouts = async () =>
  (await readAll(outcomesTopic)).filter((r) => r.value.includes('"UPDATE_TIMED_OUT"'));

const services: LifecycleService[] = [];
const start = async () => {
  const service = await startLifecycle({
    brokers,
    groupId: `lifecycle-test-${tag}`,
    outcomesTopic,
    updatesTopic,
    campaignChangesTopic,
    campaignsTopic,
    deadlines: { 'lwm2m-fw': { download: 'PT3S' } },
    tickMs: 100,
    log: () => undefined,
  });
  services.push(service);
  return service;
};
afterAll(async () => {
  for (const service of services) await service.stop().catch(() => undefined);
});

describe('lifecycle service', () => {
  it('keeps one state per update, times a silent one out once, and a successor restores instead of firing again', async () => {
    const admin = createKafka({ brokers, clientId: 'lifecycle-test-admin' }).admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: outcomesTopic, numPartitions: 3 },
        {
          topic: updatesTopic,
          numPartitions: 3,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
        { topic: campaignChangesTopic, numPartitions: 3 },
        {
          topic: campaignsTopic,
          numPartitions: 3,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
    await admin.disconnect();
    const first = await start();
    const t0 = new Date();
    const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const redelivered = report('dev-c', 'DOWNLOADING', 'download', false, later(0));
    await publish([
      report('dev-a', 'DOWNLOADING', 'download', false, later(0)),
      report('dev-a', 'UPDATE_SUCCEEDED', 'install', true, later(1)),
      report('dev-b', 'DOWNLOADING', 'download', false, later(0)),
      redelivered,
      redelivered,
      report('dev-c', 'DOWNLOADED', 'download', false, later(600)),
      report('dev-c', 'DOWNLOADING', 'download', false, later(-60)), // late: kept, moves nothing
      // State back to Idle after Downloading, no Update Result: the download failed (inferred by a rule).
      report('dev-f', 'DOWNLOADING', 'download', false, later(0), 'state/1'),
      report('dev-f', 'IDLE', 'report', false, later(5), 'state/0'),
      'not an outcome',
    ]);

    const seen = await until(updates, (u) => [...u.values()].some((s) => s.status === 'timed_out'));
    const byDevice = (device: string) => [...seen.values()].find((s) => s.device === device);
    expect(byDevice('dev-a')).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(byDevice('dev-b')).toMatchObject({ status: 'timed_out', last: { code: 'UPDATE_TIMED_OUT' } });
    expect(byDevice('dev-b')?.history.at(-1)?.inferred).toBe('deadline/override/lwm2m-fw/download');
    const c = byDevice('dev-c');
    expect(c).toMatchObject({ status: 'in_progress', last: { code: 'DOWNLOADED' } });
    expect(c?.history.map((t) => t.report.code)).toEqual(['DOWNLOADING', 'DOWNLOADED', 'DOWNLOADING']);
    expect(c?.history.at(-1)?.late).toBe(true);
    for (const state of seen.values()) expect(validateUpdate(state)).toEqual([]);
    expect(first.counters).toMatchObject({ invalid: 1, timedOut: 1 });
    expect(first.counters.unchanged).toBeGreaterThanOrEqual(1); // the redelivery (and the timeout's own echo)

    expect(byDevice('dev-f')).toMatchObject({ status: 'failed', last: { code: 'DOWNLOAD_FAILED' } });
    const ruled = await until(
      async () => (await readAll(outcomesTopic)).filter((r) => r.value.includes('"DOWNLOAD_FAILED"')),
      (found) => found.length >= 1,
    );
    expect(ruled).toHaveLength(1);
    expect(JSON.parse(ruled[0]?.value ?? '{}')).toMatchObject({
      device: { id: 'dev-f' },
      inferred: true,
      inferredBy: 'lwm2m-fw/idle-after-download',
      source: { code: 'state/0' },
    });
    expect(first.counters.inferred).toBe(1);
    const inferred = await until(timeouts, (t) => t.length >= 1);
    expect(inferred).toHaveLength(1);
    expect(JSON.parse(inferred[0]?.value ?? '{}')).toMatchObject({
      device: { id: 'dev-b' },
      inferred: true,
      inferredBy: 'deadline/override/lwm2m-fw/download',
      outcome: { code: 'UPDATE_TIMED_OUT', final: true },
    });
    // Every update was written to its input partition's number: the changelog is co-partitioned with the input.
    const inputPartition = new Map((await readAll(outcomesTopic)).map((r) => [r.key, r.partition]));
    for (const r of await readAll(updatesTopic))
      expect(r.partition).toBe(inputPartition.get(r.key.split('/').slice(0, 2).join('/')));

    // dev-c's download deadline (600 s after its last report) has not passed; dev-b's has fired. A successor that
    // restores the changelog must not fire dev-b again.
    await first.stop();
    const second = await start();
    await until(
      async () => second.counters.restored,
      (n) => n >= 4,
    );
    await sleep(1500);
    expect(await timeouts()).toHaveLength(1);
    expect(second.counters.timedOut).toBe(0);
    // A real report after the timeout supersedes it.
    await publish([report('dev-b', 'UPDATE_SUCCEEDED', 'install', true, later(30))]);
    const after = await until(updates, (u) =>
      [...u.values()].some((s) => s.device === 'dev-b' && s.status === 'succeeded'),
    );
    expect([...after.values()].find((s) => s.device === 'dev-b')).toMatchObject({
      status: 'succeeded',
      superseded: { rule: 'deadline/override/lwm2m-fw/download' },
    });

    // dev-e's deadline passes while no instance runs, and nothing new arrives on its partition afterwards: the next
    // instance restores the partition anyway (every assigned partition is claimed at once) and fires it.
    const soon = new Date(Date.now() + 2000);
    await publish([report('dev-e', 'DOWNLOADING', 'download', false, soon)]);
    await until(updates, (u) => [...u.values()].some((s) => s.device === 'dev-e'));
    await second.stop();
    expect(second.counters.timedOut).toBe(0);
    await sleep(Math.max(0, soon.getTime() + 3000 - Date.now()) + 200);
    const third = await start();
    const fired = await until(updates, (u) =>
      [...u.values()].some((s) => s.device === 'dev-e' && s.status === 'timed_out'),
    );
    expect([...fired.values()].find((s) => s.device === 'dev-e')?.status).toBe('timed_out');
    expect(third.counters.timedOut).toBe(1);
    expect(await until(timeouts, (t) => t.length >= 2)).toHaveLength(2);
  });
});
