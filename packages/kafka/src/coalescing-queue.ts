interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface CoalescingOptions<T> {
  /** What an item counts against `maxWeight` (default 1). */
  weight?: (item: T) => number;
  /** A round takes waiting items, in order, while their weights fit (always at least one); default: all of them. */
  maxWeight?: number;
  /**
   * A failed round of several items whose error this accepts runs each item alone, so only the culprit fails; any
   * other failure fails every item of the round.
   */
  retryEachAlone?: (error: unknown) => boolean;
  /**
   * A round starts at least this long after the previous one started, unless the waiting items fill `maxWeight`:
   * under load, rounds grow instead of multiplying (default 0: a round starts as soon as the previous one ended).
   */
  minRoundIntervalMs?: number;
}

/**
 * Runs submitted items in rounds: everything that arrives while a round runs (or in the same tick as the first) goes
 * into the next one, and each submitter resolves only when the round holding its item succeeded. Under load this
 * turns many small requests into a few large ones without delaying a lone one.
 */
export class CoalescingQueue<T> {
  private waiting: Waiting<T>[] = [];
  private running = false;
  private idle: (() => void)[] = [];
  private lastRoundAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly run: (items: readonly T[]) => Promise<void>,
    private readonly options: CoalescingOptions<T> = {},
  ) {}

  submit(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Resolves once every item submitted so far is settled. */
  drained(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) {
      await this.pace();
      this.lastRoundAt = performance.now();
      const round = this.nextRound();
      try {
        await this.run(round.map((w) => w.item));
        for (const w of round) w.resolve();
      } catch (error) {
        if (round.length > 1 && this.options.retryEachAlone?.(error)) await this.runEachAlone(round);
        else for (const w of round) w.reject(error);
      }
    }
    this.running = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Waits out the rest of `minRoundIntervalMs` since the last round, unless a full round is already waiting. */
  private async pace(): Promise<void> {
    const { weight = () => 1, maxWeight = Number.POSITIVE_INFINITY, minRoundIntervalMs = 0 } = this.options;
    const wait = this.lastRoundAt + minRoundIntervalMs - performance.now();
    if (wait <= 0) return;
    let waitingWeight = 0;
    for (const w of this.waiting) {
      waitingWeight += weight(w.item);
      if (waitingWeight >= maxWeight) return;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private nextRound(): Waiting<T>[] {
    const { weight = () => 1, maxWeight = Number.POSITIVE_INFINITY } = this.options;
    let taken = 0;
    let total = 0;
    for (const w of this.waiting) {
      const next = weight(w.item);
      if (taken > 0 && total + next > maxWeight) break;
      total += next;
      taken += 1;
    }
    return this.waiting.splice(0, taken);
  }

  private async runEachAlone(round: readonly Waiting<T>[]): Promise<void> {
    for (const w of round) {
      try {
        await this.run([w.item]);
        w.resolve();
      } catch (error) {
        w.reject(error);
      }
    }
  }
}
