import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  createKafka,
  createPublisher,
  ensureTopics,
  KAFKA_CLIENTS,
  type KafkaClientName,
  rosettaTopics,
  topicNames,
} from '@rosetta/kafka';
import { freePort } from '@rosetta/local-kafka';
import type { Outcome } from '@rosetta/outcome-schema';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startService, waitForExit, waitForLine } from '../support/child-service.ts';
import { OffsetTimeline } from '../support/offset-timeline.ts';
import { rawRecords } from '../support/raw-records.ts';
import { readUntil } from '../support/read-until.ts';

// Several normalizer replicas share one consumer group while a steady stream flows. One replica is frozen (SIGSTOP)
// past the consumer session timeout, so its partitions move to the others while it may hold an open transaction, then
// resumed: a zombie. Another is SIGKILLed and restarted. Kafka must carry every raw record to exactly one outcome.
const brokers = inject('kafkaBrokers');
const kafka = createKafka({ brokers, clientId: 'replica-zombie' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FREEZES = 2;
const FREEZE_MS = 13_000; // past the pipelines' 10 s consumer session: the group moves the frozen replica's partitions
const children = new Set<ChildProcess>();
afterEach(async () => {
  for (const child of children) {
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await waitForExit(child);
  }
  children.clear();
});

/** Per device, the sequence numbers of first occurrences must rise: the count of those that do not. */
function orderViolations(outcomes: readonly Outcome[]): number {
  const seen = new Set<string>();
  const last = new Map<string, number>();
  let violations = 0;
  for (const outcome of outcomes) {
    if (seen.has(outcome.id)) continue;
    seen.add(outcome.id);
    const sequence = Number(outcome.operation.correlation?.jobId);
    const previous = last.get(outcome.device.id) ?? -1;
    if (sequence < previous) violations += 1;
    last.set(outcome.device.id, sequence);
  }
  return violations;
}

describe.each(Object.keys(KAFKA_CLIENTS) as KafkaClientName[])(
  'fault: normalizer replicas (%s) frozen into zombies and killed while a stream flows',
  (client) => {
    it('every raw record becomes exactly one outcome, in order per device (read_committed)', async () => {
      const prefix = `zombie-${client.slice(0, 4)}-${randomUUID().slice(0, 8)}`;
      const names = topicNames(prefix);
      const groupId = `g-${prefix}`;
      const admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin, rosettaTopics({ partitions: 6, rawRetentionMs: 3_600_000 }, names));
      await admin.disconnect();

      const start = async (replica: string) => {
        const child = startService('services/normalizer/src/main.ts', {
          KAFKA_BROKERS: brokers.join(','),
          NORMALIZER_GROUP_ID: groupId,
          NORMALIZER_ADMIN_PORT: String(await freePort()),
          ROSETTA_INSTANCE_ID: `${prefix}-${replica}`,
          ROSETTA_KAFKA_CLIENT: client,
          ROSETTA_TOPIC_PREFIX: prefix,
          ROSETTA_CREATE_TOPICS: 'false',
        });
        children.add(child);
        await waitForLine(child, /normalizer running/);
        return child;
      };
      const replicas = [await start('a'), await start('b'), await start('c')];
      const timeline = new OffsetTimeline(kafka, groupId, names.rawTopics);
      await timeline.start();

      // A steady stream (~400 records/s) until the chaos is over.
      const records = rawRecords(prefix, 60_000, 600, names.raw);
      const publisher = await createPublisher({ brokers, clientId: 'replica-zombie-feed' });
      let sent = 0;
      let feeding = true;
      const feed = (async () => {
        while (feeding && sent < records.length) {
          await publisher.publish(records.slice(sent, sent + 100));
          sent += 100;
          await sleep(250);
        }
      })();

      await sleep(4000);
      const losses: { event: string; at: number }[] = [];
      const zombie = replicas[1];
      for (let round = 1; round <= FREEZES && zombie; round++) {
        losses.push({ event: `freeze ${round}`, at: Date.now() });
        zombie.kill('SIGSTOP');
        await sleep(FREEZE_MS);
        zombie.kill('SIGCONT');
        await sleep(4000);
      }
      const killed = replicas[2];
      losses.push({ event: 'kill', at: Date.now() });
      killed?.kill('SIGKILL');
      if (killed) await waitForExit(killed);
      await start('c');
      await sleep(6000);
      feeding = false;
      await feed;
      await publisher.close();

      const isOurs = (key: Buffer | null) => key?.toString().startsWith(`${prefix}/`) ?? false;
      const all = await readUntil(kafka, names.outcomes, (m) => isOurs(m.key), sent, 120_000);
      // Stopped, the replicas can write nothing more; then everything on the topic, duplicates included.
      for (const child of children) child.kill('SIGTERM');
      await Promise.all([...children].map(waitForExit));
      const final = await readUntil(
        kafka,
        names.outcomes,
        (m) => isOurs(m.key),
        Number.POSITIVE_INFINITY,
        10_000,
      );
      timeline.stop();
      const outcomes = final.map((m) => JSON.parse(m.value?.toString() ?? '{}') as Outcome);
      const unique = new Set(outcomes.map((o) => o.id)).size;
      const counts = {
        client,
        replicas: 3,
        sent,
        delivered: final.length,
        unique,
        lost: sent - unique,
        duplicates: final.length - unique,
        orderViolations: orderViolations(outcomes),
        // From a replica's loss until every raw partition was committing again.
        recoveryMs: Object.fromEntries(losses.map((l) => [l.event, timeline.recoveryMs(l.at)])),
      };
      console.log(`replica zombies: ${JSON.stringify(counts)}`);
      expect(all.length).toBeGreaterThanOrEqual(sent);
      expect(counts.lost).toBe(0);
      expect(counts.duplicates).toBe(0);
      expect(counts.orderViolations).toBe(0);
    });
  },
);
