import { type Admin, Kafka, logLevel } from 'kafkajs';
import { KAFKA_ERRORS, KafkaError } from './errors.ts';
import type { KafkaConnection } from './port.ts';
import { kafkaSecurityFromEnv } from './security.ts';
import type { TopicSpec } from './topics.ts';

/** A kafkajs client for administration and reading (tools, tests, the consumer kit); services publish through the port. */
export function createKafka(options: KafkaConnection): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 10000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
    ...kafkaSecurityFromEnv(),
    // kafkajs logs every retried request at ERROR; callers see real failures as rejected promises.
    logLevel: process.env.ROSETTA_KAFKA_DEBUG === '1' ? logLevel.INFO : logLevel.NOTHING,
  });
}

/** Creates missing topics with explicit partition counts; existing topics are left as they are. */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((spec) => ({
      topic: spec.topic,
      numPartitions: spec.partitions,
      replicationFactor: -1,
      configEntries: [
        ...(spec.retentionMs === undefined
          ? []
          : [{ name: 'retention.ms', value: String(spec.retentionMs) }]),
        ...(spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
      ],
    })),
  });
}

/** Connects an admin client, creates the missing topics (ensureTopics) and disconnects. */
export async function createTopics(connection: KafkaConnection, specs: readonly TopicSpec[]): Promise<void> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, specs);
  } finally {
    await admin.disconnect();
  }
}

/** Polls a metadata call until the broker answers; resolves with the number of attempts. */
export async function waitForBroker(kafka: Kafka, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return attempts;
    } catch (error) {
      if (Date.now() > deadline)
        throw new KafkaError(
          KAFKA_ERRORS.UNREACHABLE,
          `Kafka not ready after ${timeoutMs} ms: ${String(error)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
