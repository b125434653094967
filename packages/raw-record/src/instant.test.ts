import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toInstant } from './instant.ts';

describe('toInstant', () => {
  it('normalizes RFC 3339 date-times, leap seconds included', () => {
    expect(toInstant('2026-11-21T10:15:00+01:00')).toBe('2026-11-21T09:15:00.000Z');
    expect(toInstant('2016-12-31T23:59:60Z')).toBe('2016-12-31T23:59:59.999Z');
  });

  it('is undefined for text that names no instant', () => {
    expect(toInstant('2026-13-45T99:99:99Z')).toBeUndefined();
    expect(toInstant('yesterday')).toBeUndefined();
    expect(toInstant('2026-02-30T10:00:00Z')).toBeUndefined();
    expect(toInstant('2025-02-29T10:00:00Z')).toBeUndefined();
    expect(toInstant('2026-11-21T10:15:00+25:00')).toBeUndefined();
    expect(toInstant('2026-11-21')).toBeUndefined();
  });

  it('keeps a real 29 February and sub-millisecond fractions (to the millisecond)', () => {
    expect(toInstant('2024-02-29T23:00:00-02:00')).toBe('2024-03-01T01:00:00.000Z');
    expect(toInstant('2026-11-21T10:15:00.123456789Z')).toBe('2026-11-21T10:15:00.123Z');
  });
});

describe('toInstant fuzz', () => {
  it('any text: undefined, or the instant Date itself names for it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const instant = toInstant(text);
        if (instant !== undefined) expect(new Date(instant).toISOString()).toBe(instant);
      }),
      { numRuns: 2000 },
    );
  });

  it('every real instant, written in RFC 3339, comes back unchanged', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(toInstant(date.toISOString())).toBe(date.toISOString());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
