import { describe, expect, it } from 'vitest';
import { CommittedPositions } from './committed-positions.ts';

describe('CommittedPositions', () => {
  it('skips what this process committed, per partition, and never moves back', () => {
    const positions = new CommittedPositions();
    expect(positions.done('t', 0, '5')).toBe(false);
    positions.advance('t', 0, '10');
    expect(positions.done('t', 0, '9')).toBe(true);
    expect(positions.done('t', 0, '10')).toBe(false);
    expect(positions.done('t', 1, '0')).toBe(false);
    positions.advance('t', 0, '4');
    expect(positions.done('t', 0, '9')).toBe(true);
  });
});
