import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  batchingPublisher,
  createKafka,
  createPublisher,
  ensureTopics,
  KAFKA_CLIENTS,
  type KafkaClientName,
  OUTCOMES_TOPIC,
  rawTopic,
  rosettaTopics,
} from '@rosetta/kafka';
import { freePort, kafkaVersionFromEnv, type LocalBroker, startLocalBroker } from '@rosetta/local-kafka';
import { type Normalizer, startNormalizer } from '@rosetta/normalizer';
import type { Outcome } from '@rosetta/outcome-schema';
import { buildWebhookApp, credentialStore } from '@rosetta/webhook-adapter';
import { afterEach, expect, it } from 'vitest';
import { readUntil } from '../support/read-until.ts';

// The broker process is SIGKILLed and restarted while results flow through an adapter and the normalizer. This test
// owns its broker (the shared one must survive), so it can kill it.
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
});

// On both Kafka clients (the adapter's publisher and the normalizer use the same one).
it.each(Object.keys(KAFKA_CLIENTS) as KafkaClientName[])(
  '%s: every acknowledged result arrives exactly once; results sent while the broker is down are refused with 503',
  async (client) => {
    const workDir = join(tmpdir(), `rosetta-broker-kill-${randomUUID().slice(0, 8)}`);
    const broker: LocalBroker = await startLocalBroker({
      ports: { broker: await freePort(), controller: await freePort() },
      workDir,
      version: kafkaVersionFromEnv(),
      heapMb: 512,
    });
    stops.push(async () => {
      await broker.stop();
      rmSync(workDir, { recursive: true, force: true });
    });
    const connection = { brokers: broker.brokers, clientId: 'broker-kill' };
    const kafka = createKafka(connection);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, rosettaTopics({ partitions: 3, rawRetentionMs: 3600_000 }));
    await admin.disconnect();

    const tenant = `bk-${randomUUID().slice(0, 8)}`;
    const token = randomUUID();
    const publisher = batchingPublisher(await createPublisher({ ...connection, client }));
    const app = await buildWebhookApp({
      publisher,
      credentials: credentialStore({ [tenant]: { tokens: [token] } }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    stops.push(() => app.close());
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/webhooks/pelion-update`;

    // The normalizer restarts its own pipeline when the client gives up during the outage; a start that fails
    // (the broker is down at that moment) is retried here, as Kubernetes would restart the process.
    // Like Kubernetes, it keeps trying: a start that fails while the broker is still down is retried too.
    // The normalizer's log and the broker's events, printed when the test fails: where the recovery time went.
    const timeline: string[] = [];
    let normalizer: Normalizer | undefined;
    let restarts = 0;
    let supervising = true;
    const restartLater = () => {
      if (!supervising) return;
      restarts += 1;
      setTimeout(() => void superviseNormalizer(), 1000);
    };
    const superviseNormalizer = async (): Promise<void> => {
      try {
        normalizer = await startNormalizer({
          brokers: broker.brokers,
          client,
          groupId: `g-${tenant}`,
          log: (line) => timeline.push(`${new Date().toISOString()} ${JSON.stringify(line)}`),
        });
      } catch {
        restartLater();
      }
    };
    await superviseNormalizer();
    stops.push(async () => {
      supervising = false;
      await normalizer?.stop();
    });

    const acknowledged = new Map<string, string>();
    let refused = 0;
    let otherAnswers = 0;
    const send = async (i: number) => {
      const body = JSON.stringify({
        object: 'device-event',
        id: `${tenant}-${i}`,
        device_id: `dev-${i % 20}`,
        event_type: 'UPD4_FAIL_504',
      });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      }).catch(() => undefined);
      if (response?.status === 202)
        acknowledged.set(`${tenant}-${i}`, ((await response.json()) as { ids: string[] }).ids[0] ?? '');
      else if (response?.status === 503 && response.headers.get('retry-after')) refused += 1;
      else otherAnswers += 1;
    };

    let i = 0;
    for (; i < 150; i++) await send(i);
    timeline.push(`${new Date().toISOString()} broker SIGKILL`);
    await broker.kill();
    const downUntil = Date.now() + 8000;
    while (Date.now() < downUntil) await send(i++);
    await broker.restart();
    const restartedAt = Date.now();
    timeline.push(`${new Date().toISOString()} broker restarted`);
    const end = i + 150;
    for (; i < end; i++) await send(i);

    const ids = new Set(acknowledged.values());
    const delivered = await readUntil(
      kafka,
      OUTCOMES_TOPIC,
      (m) => m.key?.toString().startsWith(`${tenant}/`) ?? false,
      ids.size,
      // Generous (a loaded CI machine restarts a 4.x broker slowly) but short of the test's timeout, so that a
      // shortfall fails with the counts below rather than a timeout.
      150_000,
    );
    const recoverySeconds = (Date.now() - restartedAt) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // Everything there is (no count to stop at), so that duplicates cannot hide a missing outcome.
    const final = await readUntil(
      kafka,
      OUTCOMES_TOPIC,
      (m) => m.key?.toString().startsWith(`${tenant}/`) ?? false,
      Number.MAX_SAFE_INTEGER,
      10_000,
    );
    // Where a duplicate would come from: the raw topic (a producer retry written twice) or the normalizer.
    const raw = await readUntil(
      kafka,
      rawTopic('pelion-update'),
      (m) => m.key?.toString().startsWith(`${tenant}/`) ?? false,
      Number.MAX_SAFE_INTEGER,
      10_000,
    );
    const rawIds = raw.map(
      (m) => (JSON.parse(m.value?.toString() ?? '{}') as { recordId?: string }).recordId,
    );
    const deliveredIds = final.map((m) => (JSON.parse(m.value?.toString() ?? '{}') as Outcome).id);
    const unique = new Set(deliveredIds);
    const lost = [...ids].filter((id) => !unique.has(id)).length;
    const counts = {
      client,
      sent: i,
      acknowledged: ids.size,
      refused,
      otherAnswers,
      delivered: final.length,
      duplicates: deliveredIds.length - unique.size,
      lost,
      normalizerRestarts: restarts + (normalizer?.counters.restarts ?? 0),
      secondsFromBrokerRestartToLastDelivery: recoverySeconds,
      rawRecords: raw.length,
      rawDuplicates: raw.length - new Set(rawIds).size,
    };
    console.log(`broker kill: ${JSON.stringify(counts)}`);
    if (lost > 0 || counts.duplicates > 0) console.log(timeline.join('\n'));
    expect(delivered.length).toBeGreaterThanOrEqual(ids.size);
    expect(refused).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(counts.duplicates).toBe(0);
  },
  240_000,
);
