import type { CommittedPositions } from './committed-positions.ts';
import type { OutgoingRecord } from './port.ts';

/** One input partition's transactional producer: outputs and the consumed position commit in one transaction. */
export interface PartitionWriter<Consumed> {
  /** Without `consumed`: outputs alone (a stateful pipeline's own events, e.g. a deadline that passed). */
  commit(outputs: readonly OutgoingRecord[], consumed?: Consumed): Promise<void>;
  close(): Promise<void>;
}

/** What a client library supplies to write partition by partition. */
export interface PartitionWriterSource<Consumed> {
  /**
   * A producer with this transactional id, initialized (InitProducerId): the broker has completed the previous
   * holder's open transaction (aborted, or its commit finished) and fenced it before this resolves.
   */
  open(transactionalId: string): Promise<PartitionWriter<Consumed>>;
  /** The group's committed offset (the next one to consume) for the partition, if any. */
  committedOffset(topic: string, partition: number): Promise<bigint | undefined>;
}

/** What a stateful pipeline does when a partition becomes this member's, and when it stops being. */
export interface PartitionHooks {
  /**
   * The partition is this member's: its previous owner is fenced and its committed offset known, and no record of it
   * has been transformed yet (a stateful transform restores the partition's state here). A rejection fails the claim.
   * With this hook every assigned partition is claimed at once, not at its first record: state whose partition
   * receives nothing new (deadlines waiting to fire) is restored too.
   */
  claimed?(topic: string, partition: number): Promise<void>;
  /** The group took the partition away (or the pipeline stops): its state may go. */
  released?(topic: string, partition: number): void;
}

export interface Assignment {
  topic: string;
  partitions: readonly number[];
}

/**
 * The transactional id of an input partition, the same in every replica: whoever owns the partition next fences
 * whoever owned it before, even a replica that was only frozen (a zombie) and wakes up with an open transaction.
 * Kafka's pre-KIP-447 answer to zombies, used because kafkajs cannot send the group generation with its offsets.
 */
export function partitionTransactionalId(groupId: string, topic: string, partition: number): string {
  return `${groupId}.${topic}.${partition}`;
}

interface Claim<Consumed> {
  writer: Promise<PartitionWriter<Consumed>>;
  /** The last commit's settlement: a writer is closed only after it. */
  busy: Promise<unknown>;
}

/**
 * The writers of the partitions this group member owns. A partition is claimed before its first records are
 * processed: its writer is opened (fencing the previous owner), then the group's committed offset is read — only now
 * is it final, since no earlier owner can still commit — and recorded, so records below it are skipped even when
 * the consumer fetched from an older offset while the previous owner's transaction was pending.
 */
export class PartitionWriters<Consumed> {
  private readonly claims = new Map<string, Claim<Consumed>>();
  /** The partitions the group last assigned to this member; unknown before the first assignment. */
  private assignment: Set<string> | undefined;

  constructor(
    private readonly source: PartitionWriterSource<Consumed>,
    private readonly groupId: string,
    private readonly committed: CommittedPositions,
    private readonly hooks: PartitionHooks = {},
    /** An eager claim (see PartitionHooks.claimed) that failed: the pipeline fails, and its successor claims again. */
    private readonly onClaimFailed: (error: Error) => void = () => undefined,
  ) {}

  /** Resolves once the partition is this member's to write, and its committed offset is known. */
  async claim(topic: string, partition: number): Promise<void> {
    await this.writerOf(topic, partition);
  }

  /**
   * Outputs and the consumed position (if any) in the partition's own transaction. A partition's commits run one after
   * another in the order they were asked for, so outputs keep the order of the state changes that made them.
   */
  async commit(
    topic: string,
    partition: number,
    outputs: readonly OutgoingRecord[],
    consumed?: Consumed,
  ): Promise<void> {
    const writer = this.writerOf(topic, partition);
    const claim = this.claims.get(key(topic, partition));
    const done = (claim?.busy ?? writer).then(async () => (await writer).commit(outputs, consumed));
    if (claim) claim.busy = done.catch(() => undefined);
    await done;
  }

  /**
   * Whether the group assigned the partition to this member. A client may still hold records it fetched for a
   * partition it has lost since; claiming that partition would fence its new owner, so they are dropped instead.
   */
  owns(topic: string, partition: number): boolean {
    return this.assignment?.has(key(topic, partition)) ?? true;
  }

  /** The group's new assignment for this member: writers of partitions it lost are closed once idle. */
  assigned(assignment: readonly Assignment[]): void {
    const kept = new Set(assignment.flatMap(({ topic, partitions }) => partitions.map((p) => key(topic, p))));
    this.assignment = kept;
    for (const [id, claim] of this.claims) {
      if (kept.has(id)) continue;
      this.claims.delete(id);
      this.hooks.released?.(...topicPartition(id));
      void release(claim);
    }
    if (!this.hooks.claimed) return;
    for (const id of kept)
      if (!this.claims.has(id))
        this.writerOf(...topicPartition(id)).catch((error: unknown) =>
          this.onClaimFailed(error instanceof Error ? error : new Error(String(error))),
        );
  }

  /** How many partitions this member holds a writer for (one producer each). */
  get size(): number {
    return this.claims.size;
  }

  async close(): Promise<void> {
    const claims = [...this.claims.values()];
    for (const id of this.claims.keys()) this.hooks.released?.(...topicPartition(id));
    this.claims.clear();
    await Promise.all(claims.map(release));
  }

  private writerOf(topic: string, partition: number): Promise<PartitionWriter<Consumed>> {
    const id = key(topic, partition);
    const existing = this.claims.get(id);
    if (existing) return existing.writer;
    const writer = (async () => {
      const opened = await this.source.open(partitionTransactionalId(this.groupId, topic, partition));
      const offset = await this.source.committedOffset(topic, partition);
      if (offset !== undefined) this.committed.advance(topic, partition, offset);
      await this.hooks.claimed?.(topic, partition);
      return opened;
    })();
    // A failed claim is forgotten: the pipeline fails and its successor claims again.
    writer.catch(() => {
      if (this.claims.get(id)?.writer === writer) this.claims.delete(id);
    });
    this.claims.set(id, { writer, busy: writer });
    return writer;
  }
}

function key(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

function topicPartition(id: string): [string, number] {
  const at = id.lastIndexOf(':');
  return [id.slice(0, at), Number(id.slice(at + 1))];
}

async function release<Consumed>(claim: Claim<Consumed>): Promise<void> {
  await claim.busy.catch(() => undefined);
  const writer = await claim.writer.catch(() => undefined);
  await writer?.close().catch(() => undefined);
}
