import type { UpdateState } from '@rosetta/lifecycle';
import TinyQueue from 'tinyqueue';
import { PartitionedStates } from './partitioned-states.ts';

interface Due {
  at: number;
  partition: number;
  key: string;
}

/**
 * The updates of the input partitions this instance owns, and their deadlines in time order. A partition being
 * restored is invisible (its deadlines cannot fire on half a state) until `restored` swaps it in whole.
 */
export class UpdateStore extends PartitionedStates<UpdateState> {
  private deadlines = new TinyQueue<Due>([], (a, b) => a.at - b.at);

  override set(partition: number, _key: string, state: UpdateState): void {
    if (!this.partitions.has(partition)) return;
    super.set(partition, state.key, state);
    this.schedule(partition, state);
  }

  /** A partition's states as read back from the changelog: live from now on, deadlines included. */
  override restored(partition: number, states: ReadonlyMap<string, UpdateState>): void {
    super.restored(partition, states);
    for (const state of states.values()) this.schedule(partition, state);
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
