/**
 * Collects items over one turn of the event loop and hands them on together (setImmediate: after the I/O that
 * produced them). Between the adapter and its Kafka thread this makes one message per turn instead of one per record
 * each way: every message costs a structured clone and a wake-up of the other thread.
 */
export function perTurn<T>(flush: (items: T[]) => void): { add(item: T): void; flushNow(): void } {
  let items: T[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flushNow = () => {
    clearImmediate(scheduled);
    scheduled = undefined;
    if (items.length === 0) return;
    const taken = items;
    items = [];
    flush(taken);
  };
  return {
    add: (item) => {
      items.push(item);
      scheduled ??= setImmediate(flushNow);
    },
    flushNow,
  };
}
