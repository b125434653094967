import { describe, expect, it } from 'vitest';
import { bearerToken, matchingSecret } from './bearer.ts';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer ', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('matchingSecret', () => {
  it('names the secret that matches, whatever the lengths', () => {
    expect(matchingSecret(['short', 'a-much-longer-secret'], 'a-much-longer-secret')).toBe(1);
    expect(matchingSecret(['short', 'a-much-longer-secret'], 'short')).toBe(0);
  });

  it('is -1 for a prefix, an extension, the empty string and an empty list', () => {
    expect(matchingSecret(['secret'], 'secre')).toBe(-1);
    expect(matchingSecret(['secret'], 'secrets')).toBe(-1);
    expect(matchingSecret(['secret'], '')).toBe(-1);
    expect(matchingSecret([], 'secret')).toBe(-1);
  });
});
