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
  });
});
