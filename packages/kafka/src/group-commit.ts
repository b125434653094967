import { CoalescingQueue } from './coalescing-queue.ts';
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
 * batches grow under load. Only a cleanly aborted round is retried, each request alone: after an uncertain commit a
 * retry could write twice.
 */
export class GroupCommit<Consumed = ConsumedPosition> {
  private readonly queue: CoalescingQueue<CommitRequest<Consumed>>;

  constructor(transact: Transact<Consumed>) {
    this.queue = new CoalescingQueue(
      (round) => {
        const consumed: Consumed[] = [];
        for (const r of round) if (r.consumed !== undefined) consumed.push(r.consumed);
        return transact(
          round.flatMap((r) => r.outputs),
          consumed,
        );
      },
      { retryEachAlone: (error) => error instanceof TransactionAbortedError },
    );
  }

  submit(request: CommitRequest<Consumed>): Promise<void> {
    return this.queue.submit(request);
  }
}
