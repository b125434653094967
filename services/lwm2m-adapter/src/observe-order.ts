/** A notification's place in its observation: the Observe option's value and when it was taken in. */
export interface ObserveMark {
  sequence: number;
  at: number;
}

const HALF_WINDOW = 2 ** 23;
const MAX_REORDER_MS = 128_000;

/**
 * RFC 7641 §3.4: is `next` newer than `previous`? Observe values are 24-bit and wrap, so "newer" is a window of
 * 2^23 ahead; after 128 s any value counts as newer (the sequence may have been reset).
 */
export function isFresher(previous: ObserveMark | undefined, next: ObserveMark): boolean {
  if (!previous) return true;
  const v1 = previous.sequence;
  const v2 = next.sequence;
  return (
    (v1 < v2 && v2 - v1 < HALF_WINDOW) ||
    (v1 > v2 && v1 - v2 > HALF_WINDOW) ||
    next.at > previous.at + MAX_REORDER_MS
  );
}

/**
 * One device's work, one piece after another: each task starts when the previous one has settled, whatever its
 * outcome. Returns this task's own promise (so a confirmable notification is acknowledged when its task succeeds).
 */
export function serially(owner: { queue: Promise<void> }, task: () => Promise<void>): Promise<void> {
  const run = owner.queue.then(task, task);
  owner.queue = run.catch(() => undefined);
  return run;
}
