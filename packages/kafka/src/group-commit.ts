import type { Producer } from 'kafkajs';
import type { OutgoingRecord } from './producer.ts';
import { recordBytes } from './record-size.ts';

export interface CommitRequest {
  outputs: readonly OutgoingRecord[];
  /** For consume-transform-produce: the input position committed with the outputs (next offset to consume). */
  consumed?: { topic: string; partition: number; nextOffset: string };
}

/**
 * The transaction was aborted before it was asked to commit: none of its records or offsets count, so its requests
 * may be sent again. Any other failure (at or after commit, or a failed abort) leaves the outcome unknown.
 */
export class TransactionAbortedError extends Error {
  constructor(cause: unknown) {
    super(`transaction aborted: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

interface Pending extends CommitRequest {
  resolve: () => void;
  reject: (error: unknown) => void;
}

// Kafka refuses a record batch over message.max.bytes (1 MiB by default) per partition; kafkajs does not split
// batches by size, so a round's outputs go out in sends of at most this many bytes in all.
const MAX_SEND_BYTES = 512 * 1024;

/** Splits outputs into consecutive runs small enough for one produce request; order is kept. */
export function splitBySize(
  outputs: readonly OutgoingRecord[],
  maxBytes = MAX_SEND_BYTES,
): OutgoingRecord[][] {
  const runs: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of outputs) {
    const size = recordBytes(record);
    if (current.length > 0 && bytes + size > maxBytes) {
      runs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

function topicMessages(outputs: readonly OutgoingRecord[]) {
  const byTopic = new Map<
    string,
    { key: string; value: string | Buffer; headers?: Record<string, string> }[]
  >();
  for (const { topic, key, value, headers } of outputs) {
    const message = headers ? { key, value, headers } : { key, value };
    const list = byTopic.get(topic);
    if (list) list.push(message);
    else byTopic.set(topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Group commit: partitions processed concurrently hand their outputs and offsets here, and everything that arrives
 * while one transaction runs goes into the next one. One transaction per round instead of one per partition batch
 * keeps latency low (a transactional producer can only run one transaction at a time) and batches grow under load.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private running = false;

  constructor(
    private readonly producer: Producer,
    /** The consumer group whose offsets commit with the outputs; absent for a producer-only publisher. */
    private readonly groupId?: string,
  ) {}

  submit(request: CommitRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ...request, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    // Let partitions that are being processed in the same tick join this round.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const round = this.pending;
      this.pending = [];
      try {
        await this.commit(round);
        for (const p of round) p.resolve();
      } catch (error) {
        // Only a cleanly aborted round may be retried: after an uncertain commit a retry could write twice.
        if (round.length > 1 && error instanceof TransactionAbortedError) await this.commitEachAlone(round);
        else for (const p of round) p.reject(error);
      }
    }
    this.running = false;
  }

  /**
   * A shared transaction failed: one request in it may be the cause (too large, refused by the broker). Each one
   * gets its own transaction, so the others still commit and only the culprit is refused.
   */
  private async commitEachAlone(round: readonly Pending[]): Promise<void> {
    for (const p of round) {
      try {
        await this.commit([p]);
        p.resolve();
      } catch (error) {
        p.reject(error);
      }
    }
  }

  private async commit(round: readonly Pending[]): Promise<void> {
    const transaction = await this.producer.transaction();
    try {
      const outputs = round.flatMap((p) => p.outputs);
      for (const run of splitBySize(outputs))
        await transaction.sendBatch({ acks: -1, topicMessages: topicMessages(run) });
      const byTopic = new Map<string, { partition: number; offset: string }[]>();
      for (const { consumed } of round) {
        if (!consumed) continue;
        const partitions = byTopic.get(consumed.topic) ?? [];
        partitions.push({ partition: consumed.partition, offset: consumed.nextOffset });
        byTopic.set(consumed.topic, partitions);
      }
      if (this.groupId && byTopic.size > 0) {
        await transaction.sendOffsets({
          consumerGroupId: this.groupId,
          topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
        });
      }
    } catch (error) {
      const aborted = await transaction.abort().then(
        () => true,
        () => false,
      );
      throw aborted ? new TransactionAbortedError(error) : error;
    }
    await transaction.commit(); // a failure here leaves the outcome unknown: never retried in this process
  }
}
