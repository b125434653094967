import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  createKafka,
  createPublisher,
  ensureTopics,
  KAFKA_CLIENTS,
  readRange,
  rosettaTopics,
  topicNames,
} from '@rosetta/kafka';
import type { Campaign, UpdateState } from '@rosetta/lifecycle';
import { freePort } from '@rosetta/local-kafka';
import { exampleOutcome, type Outcome, toCloudEvent } from '@rosetta/outcome-schema';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startService, waitForExit } from '../support/child-service.ts';
import { waitForCommittedOffsets } from '../support/committed-offsets.ts';

const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'lifecycle-kill' };
const kafka = createKafka(connection);
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const COMPLETE = 1500; // devices whose update runs download → install → result
const STALLED = 300; // devices whose download report is the last (2 h ago: past lwm2m-fw's PT1H download deadline)

function report(tenant: string, device: string, step: 0 | 1 | 2, at: number): Outcome {
  const base = exampleOutcome('lwm2m-update-succeeded');
  const failed = step === 2 && device.endsWith('7');
  const steps: [string, Outcome['operation']['stage'], Outcome['outcome']['status'], boolean][] = [
    ['DOWNLOADING', 'download', 'in_progress', false],
    ['INSTALLING', 'install', 'in_progress', false],
    failed
      ? ['PACKAGE_INTEGRITY_FAILED', 'install', 'failed', true]
      : ['UPDATE_SUCCEEDED', 'install', 'succeeded', true],
  ];
  const [code, stage, status, final] = steps[step] ?? ['UNKNOWN', 'unknown', 'unknown', false];
  return {
    ...base,
    id: randomUUID(),
    tenant,
    device: { id: device },
    operation: { type: 'firmware_update', stage, correlation: { campaignId: 'autumn' } },
    outcome: { ...base.outcome, code, status, final },
    occurredAt: new Date(at + step * 1000).toISOString(),
  };
}

/** Every committed record of a topic: key and value. */
async function readAll(topic: string) {
  const records: { key: string; value: string }[] = [];
  await readRange(connection, [topic], { earliest: true }, (r) => {
    records.push({ key: String(r.key), value: String(r.value) });
  });
  return records;
}

// Two lifecycle replicas share the outcome partitions; one is SIGKILLed while the stream still flows. The other takes
// its partitions over (restoring their states from the changelog) and carries on: every transition exactly once, and
// every overdue deadline fired exactly once — whichever replica held it when the kill came.
describe.each(Object.keys(KAFKA_CLIENTS))(
  'fault: one of two lifecycle replicas (%s) is SIGKILLed',
  (client) => {
    it('no transition lost or duplicated; each stalled update times out once', async () => {
      const tenant = `lk-${client.slice(0, 4)}-${randomUUID().slice(0, 8)}`;
      const names = topicNames(tenant);
      const admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin, rosettaTopics({ partitions: 3, rawRetentionMs: 3_600_000 }, names));
      await admin.disconnect();
      const publisher = await createPublisher(connection);
      const publish = async (outcomes: Outcome[]) => {
        const records = outcomes.map((o) => ({
          topic: names.outcomes,
          ...toCloudEvent(o, new Date().toISOString()),
        }));
        for (let i = 0; i < records.length; i += 200) await publisher.publish(records.slice(i, i + 200));
      };

      const now = Date.now();
      const devices = Array.from({ length: COMPLETE }, (_, i) => `dev-${i}`);
      const stalled = Array.from({ length: STALLED }, (_, i) => `stalled-${i}`);
      // First half of the stream: every download report (the stalled ones 2 h old), and the installs.
      await publish([
        ...devices.flatMap((d) => [report(tenant, d, 0, now), report(tenant, d, 1, now)]),
        ...stalled.map((d) => report(tenant, d, 0, now - 2 * 3600_000)),
      ]);

      const groupId = `g-${tenant}`;
      const replica = async () => {
        const child = startService('services/lifecycle/src/main.ts', {
          KAFKA_BROKERS: brokers.join(','),
          ROSETTA_KAFKA_CLIENT: client,
          ROSETTA_TOPIC_PREFIX: tenant,
          LIFECYCLE_GROUP_ID: groupId,
          LIFECYCLE_PORT: String(await freePort()),
          LIFECYCLE_TICK_MS: '100',
        });
        children.push(child);
        const lines: Record<string, unknown>[] = [];
        child.stdout?.on('data', (chunk: Buffer) => {
          for (const line of chunk.toString().split('\n'))
            if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
        });
        return { child, lines };
      };
      const restored = (r: { lines: Record<string, unknown>[] }) =>
        r.lines.filter((l) => l.msg === 'partition restored').length;
      const until = async (ok: () => boolean) => {
        for (const end = Date.now() + 60_000; !ok() && Date.now() < end; )
          await new Promise((resolve) => setTimeout(resolve, 100));
      };
      // a takes every partition first; b joins and gets its share; a keeps the rest when it is killed.
      const a = await replica();
      await until(() => restored(a) > 0);
      const b = await replica();
      await until(() => restored(b) > 0);
      await waitForCommittedOffsets(kafka, groupId, [names.outcomes]);
      a.child.kill('SIGKILL');
      await waitForExit(a.child);
      const restoredBeforeKill = restored(b);
      // The rest of the stream arrives while b has not yet noticed a is gone (its session runs out first).
      await publish(devices.map((d) => report(tenant, d, 2, now)));
      await publisher.close();

      const expectedStates = COMPLETE + STALLED;
      // One changelog record per transition: 3 reports per complete device, a report and a timeout per stalled one.
      const expectedTransitions = 3 * COMPLETE + 2 * STALLED;
      let records: { key: string; value: string }[] = [];
      for (
        const end = Date.now() + 120_000;
        Date.now() < end;
        await new Promise((r) => setTimeout(r, 1000))
      ) {
        records = await readAll(names.updates);
        if (records.length >= expectedTransitions) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 3000)); // let a duplicate, if any, land before counting
      records = await readAll(names.updates);
      const latest = new Map(records.map((r) => [r.key, JSON.parse(r.value) as UpdateState]));
      const byStatus: Record<string, number> = {};
      for (const state of latest.values()) byStatus[state.status] = (byStatus[state.status] ?? 0) + 1;
      // The campaign aggregation (a second exactly-once pipeline in each replica, over the campaign changes) was
      // killed with it: its latest record must count every device once.
      let campaign: Campaign | undefined;
      for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 1000))) {
        const latestCampaign = (await readAll(names.campaigns)).at(-1);
        campaign = latestCampaign && (JSON.parse(latestCampaign.value) as Campaign);
        if ((campaign?.byStatus.succeeded ?? 0) + (campaign?.byStatus.failed ?? 0) >= COMPLETE) break;
      }
      const timeoutOutcomes = (await readAll(names.outcomes)).filter((r) =>
        r.value.includes('"UPDATE_TIMED_OUT"'),
      );
      const failedDevices = devices.filter((d) => d.endsWith('7')).length;
      const counts = {
        client,
        transitions: records.length,
        expectedTransitions,
        states: latest.size,
        byStatus,
        timeoutOutcomes: timeoutOutcomes.length,
        timeoutOutcomesUnique: new Set(timeoutOutcomes.map((r) => r.key)).size,
        campaign: { devices: campaign?.devices, byStatus: campaign?.byStatus },
        partitionsClaimedByA: restored(a),
        partitionsRestoredByB: restored(b) - restoredBeforeKill,
      };
      console.log(`lifecycle kill: ${JSON.stringify(counts)}`);
      expect(latest.size).toBe(expectedStates);
      expect(byStatus).toEqual({
        succeeded: COMPLETE - failedDevices,
        failed: failedDevices,
        timed_out: STALLED,
      });
      expect(records.length, 'a transition written twice or lost').toBe(expectedTransitions);
      expect(campaign).toMatchObject({
        key: `${tenant}/autumn`,
        devices: expectedStates,
        byStatus: {
          succeeded: COMPLETE - failedDevices,
          failed: failedDevices,
          timed_out: STALLED,
          in_progress: 0,
        },
      });
      expect(timeoutOutcomes.length).toBe(STALLED);
      expect(counts.timeoutOutcomesUnique).toBe(STALLED);
      expect(
        counts.partitionsRestoredByB,
        'b took over the partitions a held when it was killed',
      ).toBeGreaterThan(0);
      b.child.kill('SIGTERM');
      await waitForExit(b.child);
    }, 240_000);
  },
);
