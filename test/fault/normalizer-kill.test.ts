import { randomUUID } from 'node:crypto';
import {
  createKafka,
  createPublisher,
  ensureTopics,
  KAFKA_CLIENTS,
  rosettaTopics,
  topicNames,
} from '@rosetta/kafka';
import type { Outcome } from '@rosetta/outcome-schema';
import { describe, expect, inject, it } from 'vitest';
import { startService, waitForExit, waitForLine } from '../support/child-service.ts';
import { waitForCommittedOffsets } from '../support/committed-offsets.ts';
import { rawRecords } from '../support/raw-records.ts';
import { readUntil } from '../support/read-until.ts';

const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'normalizer-kill' };
const kafka = createKafka(connection);

// On both Kafka clients: the exactly-once claim is the normalizer's, whichever library carries it.
describe.each(Object.keys(KAFKA_CLIENTS))(
  'fault: the normalizer (%s) is SIGKILLed mid-stream and restarted',
  (client) => {
    it('delivers every raw record exactly once on the canonical topic (read_committed)', async () => {
      const tenant = `kill-${client.slice(0, 4)}-${randomUUID().slice(0, 8)}`;
      // Topics of its own: the first commit is then surely of this test's records, and no history is re-normalized.
      const names = topicNames(tenant);
      const admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin, rosettaTopics({ partitions: 3, rawRetentionMs: 3_600_000 }, names));
      await admin.disconnect();
      const sent = 30_000;
      const publisher = await createPublisher(connection);
      const records = rawRecords(tenant, sent, 50, names.raw);
      for (let i = 0; i < records.length; i += 2000) await publisher.publish(records.slice(i, i + 2000));
      await publisher.close();

      const env = {
        KAFKA_BROKERS: brokers.join(','),
        NORMALIZER_GROUP_ID: `g-${tenant}`,
        ROSETTA_KAFKA_CLIENT: client,
        ROSETTA_TOPIC_PREFIX: tenant,
        ROSETTA_CREATE_TOPICS: 'false',
      };
      const isOurs = (key: Buffer | null) => key?.toString().startsWith(`${tenant}/`) ?? false;

      const first = startService('services/normalizer/src/main.ts', env);
      await waitForLine(first, /normalizer running/);
      // Kill it as soon as it has committed its first round of the backlog, then count what it had committed.
      await waitForCommittedOffsets(kafka, `g-${tenant}`, names.rawTopics);
      first.kill('SIGKILL');
      await waitForExit(first);
      const early = await readUntil(kafka, names.outcomes, (m) => isOurs(m.key), sent, 8000);

      const second = startService('services/normalizer/src/main.ts', env);
      const all = await readUntil(kafka, names.outcomes, (m) => isOurs(m.key), sent, 120_000);
      // Let anything extra (a duplicate) arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const final = await readUntil(kafka, names.outcomes, (m) => isOurs(m.key), sent + 1, 10_000);
      second.kill('SIGTERM');
      await waitForExit(second);

      const ids = final.map((m) => (JSON.parse(m.value?.toString() ?? '{}') as Outcome).id);
      const unique = new Set(ids).size;
      const counts = {
        client,
        sent,
        committedBeforeKill: early.length,
        delivered: final.length,
        unique,
        lost: sent - unique,
        duplicates: final.length - unique,
      };
      console.log(`normalizer kill: ${JSON.stringify(counts)}`);
      expect(early.length, 'the kill must land mid-stream').toBeGreaterThan(0);
      expect(early.length, 'the kill must land mid-stream').toBeLessThan(sent);
      expect(all.length).toBe(sent);
      expect(counts.lost).toBe(0);
      expect(counts.duplicates).toBe(0);
    });
  },
);
