/// <reference path="../../vitest.provided-context.d.ts" />
import { createKafka, ensureTopics, rosettaTopics } from '@rosetta/kafka';
import { type KafkaHandle, resolveKafka } from '@rosetta/local-kafka';
import type { TestProject } from 'vitest/node';

let handle: KafkaHandle | undefined;

/** One real broker for the whole run, from the same module `pnpm start` uses; stopped even when tests fail. */
export async function setup(project: TestProject): Promise<void> {
  handle = await resolveKafka({ ephemeral: true });
  const kafka = createKafka({ brokers: handle.brokers, clientId: 'rosetta-test-setup' });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, rosettaTopics({ partitions: 3, rawRetentionMs: 3600_000 }));
  await admin.disconnect();
  project.provide('kafkaBrokers', handle.brokers);
  project.provide('kafkaOrigin', handle.origin);
  project.provide('kafkaWorkDir', handle.local?.workDir ?? '');
}

export async function teardown(): Promise<void> {
  const workDir = handle?.local?.workDir;
  await handle?.stop();
  if (workDir) {
    const { rmSync } = await import('node:fs');
    rmSync(workDir, { recursive: true, force: true });
  }
}
