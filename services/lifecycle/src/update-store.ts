import type { UpdateState } from '@rosetta/lifecycle';
import TinyQueue from 'tinyqueue';

interface Due {
  at: number;
  partition: number;
  key: string;
}

/**
 * The updates of the input partitions this instance owns, and their deadlines in time order. A partition being
 * restored is invisible (its deadlines cannot fire on half a state) until `restored` swaps it in whole.
 */
export class UpdateStore {
  private readonly partitions = new Map<number, Map<string, UpdateState>>();
  private deadlines = new TinyQueue<Due>([], (a, b) => a.at - b.at);

  get(partition: number, key: string): UpdateState | undefined {
    return this.partitions.get(partition)?.get(key);
  }

  has(partition: number): boolean {
    return this.partitions.has(partition);
  }

  set(partition: number, state: UpdateState): void {
    const updates = this.partitions.get(partition);
    if (!updates) return;
    updates.set(state.key, state);
    this.schedule(partition, state);
  }

  /** A partition's states as read back from the changelog: live from now on, deadlines included. */
  restored(partition: number, states: ReadonlyMap<string, UpdateState>): void {
    this.partitions.set(partition, new Map(states));
    for (const state of states.values()) this.schedule(partition, state);
  }

  drop(partition: number): void {
    this.partitions.delete(partition);
  }

  /** Active updates held. */
  get size(): number {
    let total = 0;
    for (const updates of this.partitions.values()) total += updates.size;
    return total;
  }

  /** The states whose deadline is at or before `now`, each once (an entry its state has moved past is skipped). */
  *due(now: number): Generator<{ partition: number; state: UpdateState }> {
    for (let next = this.deadlines.peek(); next && next.at <= now; next = this.deadlines.peek()) {
      this.deadlines.pop();
      const state = this.get(next.partition, next.key);
      if (state?.deadline && Date.parse(state.deadline.at) === next.at)
        yield { partition: next.partition, state };
    }
  }

  private schedule(partition: number, state: UpdateState): void {
    if (!state.deadline) return;
    this.deadlines.push({ at: Date.parse(state.deadline.at), partition, key: state.key });
    // Every report moves a deadline and leaves the old entry behind: rebuild before those outnumber the live ones.
    if (this.deadlines.length > 2 * this.size + 1024) this.rebuild();
  }

  private rebuild(): void {
    const live: Due[] = [];
    for (const [partition, updates] of this.partitions)
      for (const state of updates.values())
        if (state.deadline) live.push({ at: Date.parse(state.deadline.at), partition, key: state.key });
    this.deadlines = new TinyQueue(live, (a, b) => a.at - b.at);
  }
}
