import type { Admin, Kafka } from '@rosetta/kafka';

interface Sample {
  at: number;
  offsets: Map<string, bigint>;
}

/**
 * Samples a consumer group's committed offsets every `everyMs`, so a test can tell how long partitions stalled after
 * an event: the recovery time is when the last partition that was stalled at the event committed again.
 */
export class OffsetTimeline {
  private readonly samples: Sample[] = [];
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: readonly string[],
    private readonly everyMs = 200,
  ) {}

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    this.admin = admin;
    const tick = async () => {
      const at = Date.now();
      const offsets = new Map<string, bigint>();
      try {
        for (const { topic, partitions } of await admin.fetchOffsets({
          groupId: this.groupId,
          topics: [...this.topics],
        }))
          for (const { partition, offset } of partitions)
            offsets.set(`${topic}:${partition}`, BigInt(offset));
        this.samples.push({ at, offsets });
      } catch {
        // a sample lost while the coordinator moves: the next one counts
      }
      if (this.admin) this.timer = setTimeout(() => void tick(), this.everyMs);
    };
    await tick();
  }

  stop(): void {
    clearTimeout(this.timer);
    const admin = this.admin;
    this.admin = undefined;
    void admin?.disconnect();
  }

  /** Milliseconds from `since` until every partition had committed past its offset at `since` (-1: never). */
  recoveryMs(since: number): number {
    const before = this.samples.filter((s) => s.at <= since).at(-1);
    if (!before) return -1;
    let worst = 0;
    for (const [partition, offset] of before.offsets) {
      const moved = this.samples.find((s) => s.at > since && (s.offsets.get(partition) ?? -1n) > offset);
      if (!moved) return -1;
      worst = Math.max(worst, moved.at - since);
    }
    return worst;
  }
}
