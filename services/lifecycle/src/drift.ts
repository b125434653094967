import type { Outcome } from '@rosetta/outcome-schema';

export interface DriftOptions {
  /** The sliding window the shares cover (default 1 h). */
  windowMs?: number;
  /** Its resolution: one bucket of counts per series and step (default 1 min). */
  bucketMs?: number;
  /** Unmapped codes kept per vocabulary; the least recently seen goes first (default 1,000). */
  maxCodesPerVocabulary?: number;
  /** Tenant × vocabulary series kept; beyond it, new tenants are counted under `*` (default 10,000). */
  maxSeries?: number;
}

interface Counts {
  outcomes: number;
  unmapped: number;
  broader: number;
}

export interface DriftSeries extends Counts {
  tenant: string;
  vocabulary: string;
  unmappedShare: number;
  broaderShare: number;
  /** Counts per bucket, oldest first (the drift page's time axis). */
  timeline: (Counts & { at: string })[];
}

/** A mapping table row to write for a code seen in the wild: canonical left for a person to choose. */
export interface DraftRow {
  code: string;
  description: string;
  canonical: 'UNMAPPED';
  fidelity: 'unmapped';
  note: string;
}

export interface UnmappedCode {
  vocabulary: string;
  code: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  tenants: string[];
  draftRow: DraftRow;
}

interface CodeSeen {
  vocabulary: string;
  code: string;
  description: string | null;
  count: number;
  firstSeen: number;
  lastSeen: number;
  tenants: Set<string>;
}

const MAX_CODE_LENGTH = 128;
const MAX_TENANTS_PER_CODE = 20;

/**
 * Mapping drift, live: per tenant and vocabulary, the share of outcomes over a sliding window whose source code hit
 * no row (`unmapped`) or a broader one, and the unmapped codes seen in the wild. Every map is capped: what senders
 * choose (tenants, codes) cannot grow it without bound.
 */
export class DriftTracker {
  private readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly maxCodes: number;
  private readonly maxSeries: number;
  private readonly series = new Map<
    string,
    { tenant: string; vocabulary: string; buckets: Map<number, Counts> }
  >();
  /** Per vocabulary, codes in least-recently-seen-first order (a Map keeps insertion order; seen again = moved last). */
  private readonly codes = new Map<string, Map<string, CodeSeen>>();

  constructor(options: DriftOptions = {}) {
    this.windowMs = options.windowMs ?? 3600_000;
    this.bucketMs = options.bucketMs ?? 60_000;
    this.maxCodes = options.maxCodesPerVocabulary ?? 1000;
    this.maxSeries = options.maxSeries ?? 10_000;
  }

  get windowSeconds(): number {
    return this.windowMs / 1000;
  }

  /** One outcome, counted at `at` (epoch ms: when it was recorded). */
  add(outcome: Outcome, at: number): void {
    const vocabulary = outcome.source.protocol;
    const fidelity = outcome.mapping.fidelity;
    const counts = this.bucket(outcome.tenant, vocabulary, at);
    counts.outcomes += 1;
    if (fidelity === 'unmapped') counts.unmapped += 1;
    if (fidelity === 'broader') counts.broader += 1;
    if (fidelity === 'unmapped') this.seen(outcome, at);
  }

  /** Every series with outcomes in the window ending at `now`, optionally of one vocabulary or tenant. */
  snapshot(now: number, filter: { vocabulary?: string; tenant?: string } = {}): DriftSeries[] {
    const from = now - this.windowMs;
    const result: DriftSeries[] = [];
    for (const [id, s] of this.series) {
      for (const start of s.buckets.keys()) if (start + this.bucketMs <= from) s.buckets.delete(start);
      if (s.buckets.size === 0) {
        this.series.delete(id);
        continue;
      }
      if (filter.vocabulary && s.vocabulary !== filter.vocabulary) continue;
      if (filter.tenant && s.tenant !== filter.tenant) continue;
      const timeline = [...s.buckets.entries()]
        .sort(([a], [b]) => a - b)
        .map(([start, c]) => ({ at: new Date(start).toISOString(), ...c }));
      const total = timeline.reduce(
        (sum, c) => ({
          outcomes: sum.outcomes + c.outcomes,
          unmapped: sum.unmapped + c.unmapped,
          broader: sum.broader + c.broader,
        }),
        { outcomes: 0, unmapped: 0, broader: 0 },
      );
      result.push({
        tenant: s.tenant,
        vocabulary: s.vocabulary,
        ...total,
        unmappedShare: total.unmapped / total.outcomes,
        broaderShare: total.broader / total.outcomes,
        timeline,
      });
    }
    return result.sort((a, b) => b.unmappedShare - a.unmappedShare || b.outcomes - a.outcomes);
  }

  /** Unmapped codes seen, most frequent first, each with the table row to start from. */
  unmapped(vocabulary?: string, limit = 100): UnmappedCode[] {
    const all = [...this.codes.entries()]
      .filter(([v]) => vocabulary === undefined || v === vocabulary)
      .flatMap(([, codes]) => [...codes.values()]);
    return all
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
      .slice(0, limit)
      .map((c) => {
        const [firstSeen, lastSeen] = [
          new Date(c.firstSeen).toISOString(),
          new Date(c.lastSeen).toISOString(),
        ];
        const tenants = [...c.tenants].sort();
        return {
          vocabulary: c.vocabulary,
          code: c.code,
          count: c.count,
          firstSeen,
          lastSeen,
          tenants,
          draftRow: {
            code: c.code,
            description: c.description ?? 'seen in the wild; meaning not documented yet',
            canonical: 'UNMAPPED',
            fidelity: 'unmapped',
            note: `seen ${c.count} time(s) ${firstSeen} → ${lastSeen} from ${tenants.join(', ')}; choose the canonical code and fidelity`,
          },
        };
      });
  }

  private bucket(tenant: string, vocabulary: string, at: number): Counts {
    let id = `${tenant}\u0000${vocabulary}`;
    if (!this.series.has(id) && this.series.size >= this.maxSeries) {
      tenant = '*';
      id = `*\u0000${vocabulary}`;
    }
    let s = this.series.get(id);
    if (!s) {
      s = { tenant, vocabulary, buckets: new Map() };
      this.series.set(id, s);
    }
    const start = at - (at % this.bucketMs);
    let counts = s.buckets.get(start);
    if (!counts) {
      counts = { outcomes: 0, unmapped: 0, broader: 0 };
      s.buckets.set(start, counts);
      // Buckets that left the window go as new ones come: a series holds at most window / bucket + 1 of them.
      for (const old of s.buckets.keys())
        if (old + this.windowMs + this.bucketMs <= start) s.buckets.delete(old);
    }
    return counts;
  }

  private seen(outcome: Outcome, at: number): void {
    const vocabulary = outcome.source.protocol;
    const code = outcome.source.code.slice(0, MAX_CODE_LENGTH);
    let codes = this.codes.get(vocabulary);
    if (!codes) {
      codes = new Map();
      this.codes.set(vocabulary, codes);
    }
    const known = codes.get(code);
    codes.delete(code);
    const entry: CodeSeen = known ?? {
      vocabulary,
      code,
      description: outcome.source.description,
      count: 0,
      firstSeen: at,
      lastSeen: at,
      tenants: new Set(),
    };
    entry.count += 1;
    entry.firstSeen = Math.min(entry.firstSeen, at);
    entry.lastSeen = Math.max(entry.lastSeen, at);
    if (entry.tenants.size < MAX_TENANTS_PER_CODE) entry.tenants.add(outcome.tenant);
    codes.set(code, entry);
    if (codes.size > this.maxCodes) {
      const oldest = codes.keys().next();
      if (!oldest.done) codes.delete(oldest.value);
    }
  }
}
