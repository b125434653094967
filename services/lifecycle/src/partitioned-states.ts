import { readRange } from '@rosetta/kafka';

/**
 * Keyed states of the input partitions this instance owns. A partition is present only once restored whole from its
 * changelog partition (`restored`), and gone when released (`drop`).
 */
export class PartitionedStates<T> {
  protected readonly partitions = new Map<number, Map<string, T>>();

  get(partition: number, key: string): T | undefined {
    return this.partitions.get(partition)?.get(key);
  }

  set(partition: number, key: string, state: T): void {
    this.partitions.get(partition)?.set(key, state);
  }

  restored(partition: number, states: ReadonlyMap<string, T>): void {
    this.partitions.set(partition, new Map(states));
  }

  drop(partition: number): void {
    this.partitions.delete(partition);
  }

  /** States held. */
  get size(): number {
    let total = 0;
    for (const states of this.partitions.values()) total += states.size;
    return total;
  }
}

/**
 * One changelog partition read back up to its end committed so far: the latest state per key (a tombstone removes
 * it). Records `parse` refuses are reported to `invalid` and skipped.
 */
export async function readChangelog<T>(
  connection: Parameters<typeof readRange>[0],
  topic: string,
  partition: number,
  parse: (value: Buffer) => T | undefined,
  invalid: (offset: string) => void,
): Promise<Map<string, T>> {
  const states = new Map<string, T>();
  await readRange(connection, [topic], { earliest: true, partitions: [partition] }, (record) => {
    const key = record.key?.toString('utf8');
    if (!key) return;
    if (record.value === null) {
      states.delete(key);
      return;
    }
    const state = parse(record.value);
    if (state) states.set(key, state);
    else invalid(String(record.offset));
  });
  return states;
}
