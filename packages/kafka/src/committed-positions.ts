/**
 * What this process has committed, per partition (the next offset to consume). After a rebalance or a reconnect
 * the client asks the broker for the committed offsets, and neither kafkajs nor @platformatic/kafka asks with
 * require_stable (KIP-447): while the marker of a just-committed transaction is still being written, the broker
 * answers the offset before it, and the client would process those records again. Records below what this process
 * itself committed are skipped instead: their outputs are already in Kafka.
 */
export class CommittedPositions {
  private readonly next = new Map<string, bigint>();

  /** True when `offset` is below what this process committed for the partition: already done, skip it. */
  done(topic: string, partition: number, offset: string | bigint): boolean {
    const next = this.next.get(`${topic}:${partition}`);
    return next !== undefined && BigInt(offset) < next;
  }

  advance(topic: string, partition: number, nextOffset: string | bigint): void {
    const id = `${topic}:${partition}`;
    const value = BigInt(nextOffset);
    const current = this.next.get(id);
    if (current === undefined || value > current) this.next.set(id, value);
  }
}
