/** What chunking needs of a fetched message. */
export interface Positioned {
  topic: string;
  partition: number;
  offset: bigint;
}

/**
 * Per partition, consecutive runs of its messages, at most `size` each, in stream order. A message at or below an
 * offset already taken for its partition is left out: @platformatic/kafka 2.12 can hand the same records over twice
 * around a cooperative rebalance (two fetches of one partition in flight), and both copies would be committed.
 */
export function chunksByPartition<M extends Positioned>(messages: readonly M[], size: number): M[][][] {
  const byPartition = new Map<string, { runs: M[][]; last: bigint }>();
  for (const message of messages) {
    const id = `${message.topic}:${message.partition}`;
    const partition = byPartition.get(id) ?? { runs: [], last: -1n };
    if (message.offset <= partition.last) continue;
    partition.last = message.offset;
    const run = partition.runs.at(-1);
    if (run && run.length < size) run.push(message);
    else partition.runs.push([message]);
    byPartition.set(id, partition);
  }
  return [...byPartition.values()].map((p) => p.runs);
}
