/** Tallies what a replay changed: for each re-issued outcome, its previous canonical code (if any) and the new one. */
export class ReplaySummary {
  records = 0;
  outcomes = 0;
  deadLetters = 0;
  unchanged = 0;
  firstSeen = 0;
  readonly changes = new Map<string, number>();

  record(previous: string | undefined, next: string): void {
    this.outcomes += 1;
    if (previous === undefined) this.firstSeen += 1;
    else if (previous === next) this.unchanged += 1;
    else {
      const key = `${previous} → ${next}`;
      this.changes.set(key, (this.changes.get(key) ?? 0) + 1);
    }
  }

  toJSON() {
    return {
      records: this.records,
      outcomes: this.outcomes,
      unchanged: this.unchanged,
      firstSeen: this.firstSeen,
      changed: Object.fromEntries([...this.changes].sort((a, b) => b[1] - a[1])),
      deadLetters: this.deadLetters,
    };
  }

  toText(): string {
    const lines = [
      `replayed ${this.records} raw records → ${this.outcomes} outcomes: ${this.unchanged} unchanged, ${this.firstSeen} not seen before, ${this.outcomes - this.unchanged - this.firstSeen} changed, ${this.deadLetters} dead letters`,
    ];
    for (const [change, n] of [...this.changes].sort((a, b) => b[1] - a[1]))
      lines.push(`  ${String(n).padStart(7)}  ${change}`);
    return lines.join('\n');
  }
}
