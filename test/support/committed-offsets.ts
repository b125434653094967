import { type Kafka, RAW_TOPICS } from '@rosetta/kafka';

/** Polls a consumer group's committed offsets on the raw topics until any partition has moved. */
export async function waitForCommittedOffsets(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[] = RAW_TOPICS,
  timeoutMs = 60_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const offsets = await admin.fetchOffsets({ groupId, topics: [...topics] });
      if (offsets.some((t) => t.partitions.some((p) => Number(p.offset) > 0))) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`group ${groupId} committed nothing within ${timeoutMs} ms`);
  } finally {
    await admin.disconnect();
  }
}
