import type { OutcomeEvent } from './event.ts';

/** new: first sighting; duplicate: a redelivery of what was seen; correction: a re-normalized copy that says something else. */
export type Classification = 'new' | 'duplicate' | 'correction';

interface Seen {
  recordedTime: string;
  fingerprint: string;
}

const fingerprint = (e: OutcomeEvent) =>
  `${e.mappingVersion}|${e.outcome.outcome.code}|${e.outcome.mapping.fidelity}`;

/**
 * Dedup by (source, id) over the last `capacity` ids (insertion order; memory is bounded). A copy with a later
 * recordedtime whose mapping or canonical code differs is a correction (a replay after a table fix).
 */
export class Deduplicator {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly capacity = 100_000) {}

  classify(event: OutcomeEvent): Classification {
    const key = `${event.source}\u0000${event.id}`;
    const previous = this.seen.get(key);
    const current = { recordedTime: event.recordedTime, fingerprint: fingerprint(event) };
    if (!previous) {
      this.remember(key, current);
      return 'new';
    }
    if (current.recordedTime > previous.recordedTime && current.fingerprint !== previous.fingerprint) {
      this.remember(key, current);
      return 'correction';
    }
    return 'duplicate';
  }

  private remember(key: string, value: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, value);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
