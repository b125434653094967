import { describe, expect, it } from 'vitest';
import { splitBySize } from './group-commit.ts';

describe('splitBySize', () => {
  it('keeps order and never puts more than the limit in one send (unless one record alone is bigger)', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({
      topic: 't',
      key: `k${i}`,
      value: 'x'.repeat(i === 7 ? 5000 : 300),
    }));
    const runs = splitBySize(records, 2000);
    expect(runs.flat()).toEqual(records);
    for (const run of runs) {
      const bytes = run.reduce((n, r) => n + r.key.length + r.value.length + 64, 0);
      expect(run.length === 1 || bytes <= 2000).toBe(true);
    }
    expect(runs.length).toBeGreaterThan(5);
  });

  it('returns nothing for nothing', () => {
    expect(splitBySize([])).toEqual([]);
  });
});
