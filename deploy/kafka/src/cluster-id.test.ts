import { describe, expect, it } from 'vitest';
import { clusterId } from './local-broker.ts';

describe('clusterId', () => {
  it('is 22 URL-safe base64 characters and never starts with "-" (the storage tool would take it for an option)', () => {
    const ids = Array.from({ length: 20_000 }, clusterId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
