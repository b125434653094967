import { describe, expect, it } from 'vitest';
import { compareVersions, newest } from './versions.ts';

describe('table versions', () => {
  it('compare as numbers, part by part', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0.1')).toBeLessThan(0);
    expect(compareVersions('2.0.0', '2.0.0')).toBe(0);
  });

  it('newest picks the highest version, whatever the order', () => {
    const v = (version: string) => ({ version });
    expect(newest([v('1.1.0'), v('1.10.0'), v('1.2.0')])?.version).toBe('1.10.0');
    expect(newest([])).toBeUndefined();
  });
});
