import type { OutgoingRecord } from './port.ts';
import { recordBytes } from './record-size.ts';

/** The input position a consume-transform-produce round commits with its outputs (next offset to consume). */
export interface ConsumedPosition {
  topic: string;
  partition: number;
  nextOffset: string;
}

export interface CommitRequest<Consumed = ConsumedPosition> {
  outputs: readonly OutgoingRecord[];
  consumed?: Consumed;
}

/**
 * The transaction was aborted before it was asked to commit: none of its records or offsets count, so its requests
 * may be sent again. Any other failure (at or after commit, or a failed abort) leaves the outcome unknown.
 */
export class TransactionAbortedError extends Error {
  constructor(cause: unknown) {
    super(`transaction aborted: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** What both client libraries' transactions offer. */
export interface OpenTransaction {
  abort(): Promise<void>;
  commit(): Promise<void>;
}

/**
 * Runs `body` in `transaction` and commits it. A failure before commit aborts; when the abort succeeds the error
 * becomes a TransactionAbortedError (safe to retry), otherwise it stays what it was (outcome unknown).
 */
export async function inTransaction<T extends OpenTransaction>(
  transaction: T,
  body: (transaction: T) => Promise<void>,
): Promise<void> {
  try {
    await body(transaction);
  } catch (error) {
    const aborted = await transaction.abort().then(
      () => true,
      () => false,
    );
    throw aborted ? new TransactionAbortedError(error) : error;
  }
  await transaction.commit(); // a failure here leaves the outcome unknown: never retried in this process
}

/** One transaction with the outputs and input positions of a round; each client library supplies its own. */
export type Transact<Consumed> = (
  outputs: readonly OutgoingRecord[],
  consumed: readonly Consumed[],
) => Promise<void>;

interface Pending<Consumed> extends CommitRequest<Consumed> {
  resolve: () => void;
  reject: (error: unknown) => void;
}

// Kafka refuses a record batch over message.max.bytes (1 MiB by default) per partition, and neither client splits
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

/**
 * Group commit: partitions processed concurrently (or concurrent requests) hand their outputs and offsets here, and
 * everything that arrives while one transaction runs goes into the next one. One transaction per round instead of
 * one per partition batch keeps latency low (a transactional producer can only run one transaction at a time) and
 * batches grow under load.
 */
export class GroupCommit<Consumed = ConsumedPosition> {
  private pending: Pending<Consumed>[] = [];
  private running = false;

  constructor(private readonly transact: Transact<Consumed>) {}

  submit(request: CommitRequest<Consumed>): Promise<void> {
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
  private async commitEachAlone(round: readonly Pending<Consumed>[]): Promise<void> {
    for (const p of round) {
      try {
        await this.commit([p]);
        p.resolve();
      } catch (error) {
        p.reject(error);
      }
    }
  }

  private commit(round: readonly Pending<Consumed>[]): Promise<void> {
    const consumed: Consumed[] = [];
    for (const p of round) if (p.consumed !== undefined) consumed.push(p.consumed);
    return this.transact(
      round.flatMap((p) => p.outputs),
      consumed,
    );
  }
}
